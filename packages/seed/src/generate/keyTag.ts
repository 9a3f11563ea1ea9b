/**
 * What makes one unit's business keys (SKUs, order numbers, slugs, emails) unique in the tenant:
 * empty for the demo data, `U0007-` for the 7th unit added by seedAtScale.
 */
export type KeyTag = { code: string; slug: string };

export const demoTag: KeyTag = { code: "", slug: "" };

export function unitTag(unit: number): KeyTag {
  const code = `U${String(unit).padStart(4, "0")}-`;
  return { code, slug: code.toLowerCase() };
}

export function numbered(tag: KeyTag, prefix: string, n: number, width = 6): string {
  return `${tag.code}${prefix}-${String(n).padStart(width, "0")}`;
}

/** A URL slug: lower-case words joined by hyphens, numbered so that equal names stay distinct. */
export function slugged(tag: KeyTag, text: string, n: number): string {
  const words = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${tag.slug}${words || "item"}-${n}`;
}

/** A unique, valid, lower-case address at an example domain (names can hold apostrophes and spaces). */
export function emailAddress(tag: KeyTag, name: string, n: number, domain = "example.com"): string {
  const local = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, ".")
    .replace(/^\.+|\.+$/g, "");
  return `${tag.slug}${local || "user"}.${n}@${domain}`;
}
