import { z } from "zod";

const reservedSlugs = new Set(["template", "platform", "public", "information_schema"]);

/**
 * A tenant slug: lower-case letters, digits and underscores, starting with a letter, 3–40
 * characters. The slug becomes part of a schema and a role name, so this pattern is what keeps
 * SQL identifiers safe; it is checked again by the registry's CHECK constraint.
 */
export const slugSchema = z
  .string({ error: "slug must be a string" })
  .regex(/^[a-z][a-z0-9_]{2,39}$/, {
    error: "slug must be 3–40 characters of lower-case letters, digits and underscores, starting with a letter",
  })
  .refine((slug) => !reservedSlugs.has(slug) && !slug.startsWith("pg_"), {
    error: "slug must not be a reserved name (template, platform, public, information_schema, pg_*)",
  });

export type TenantNames = { schemaName: string; roleName: string };

/** `tenant_<slug>` and its role `tenant_<slug>_rw`: the only place these names are made. */
export function tenantNames(slug: string): TenantNames {
  return { schemaName: `tenant_${slug}`, roleName: `tenant_${slug}_rw` };
}
