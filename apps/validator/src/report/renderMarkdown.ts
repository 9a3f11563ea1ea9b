import type { Block } from "./blocks.ts";

const cell = (value: string | number) => String(value).replaceAll("|", "\\|").replaceAll("\n", " ");

export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case "heading":
        out.push(`${"#".repeat(block.level)} ${block.text}`);
        break;
      case "paragraph":
        out.push(block.text);
        break;
      case "table":
        out.push(
          [
            `| ${block.headers.map(cell).join(" | ")} |`,
            `|${block.headers.map(() => "---").join("|")}|`,
            ...block.rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
          ].join("\n"),
        );
        break;
      case "list":
        out.push(block.items.map((item) => `- ${item}`).join("\n"));
        break;
      case "chart":
      case "charts":
        out.push(`_Chart: ${block.title} (see report.html)._`);
        break;
    }
  }
  return `${out.join("\n\n")}\n`;
}
