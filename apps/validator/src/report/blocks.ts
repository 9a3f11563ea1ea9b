/** The report's content, independent of format: rendered once as Markdown and once as HTML. */
export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "table"; headers: string[]; rows: (string | number)[][] }
  | { kind: "list"; items: string[] }
  /** An SVG chart: HTML shows it; Markdown points to report.html. */
  | { kind: "chart"; title: string; svg: string }
  /** Small charts side by side (one per request type, say), under one title. */
  | { kind: "charts"; title: string; charts: { title: string; svg: string }[] };

/** Long lists (e.g. every difference of a broken tenant) are cut in the documents; report.json keeps them whole. */
export function capped(items: readonly string[], limit = 40): string[] {
  if (items.length <= limit) return [...items];
  return [...items.slice(0, limit), `… and ${items.length - limit} more (all of them are in report.json)`];
}
