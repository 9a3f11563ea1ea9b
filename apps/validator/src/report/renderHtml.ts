import { escapeXml } from "@erp/metrics";
import type { Block } from "./blocks.ts";

const style = `
  body { font: 14px/1.5 system-ui, sans-serif; max-width: 980px; margin: 2rem auto; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; } h3 { margin-top: 1.4rem; }
  table { border-collapse: collapse; margin: .6rem 0; } th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }
  th { background: #f5f5f5; } td { font-variant-numeric: tabular-nums; }
  .pass { color: #1a7f37; font-weight: 600; } .fail { color: #cf222e; font-weight: 600; } .skip { color: #777; font-weight: 600; }
  figure { margin: 1rem 0; } figcaption { color: #555; font-size: .9rem; } svg { max-width: 100%; height: auto; }
  .small-multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(380px, 1fr)); gap: 0 1rem; }
`;

/** Words that are verdicts get their colour, so a reader finds the failures at a glance. */
function inline(text: string): string {
  return escapeXml(text)
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\b(PASS|FAIL|SKIP)\b/g, (word) => `<span class="${word.toLowerCase()}">${word}</span>`);
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "heading":
      return `<h${block.level}>${inline(block.text)}</h${block.level}>`;
    case "paragraph":
      return `<p>${inline(block.text)}</p>`;
    case "table":
      return `<table><thead><tr>${block.headers.map((header) => `<th>${inline(header)}</th>`).join("")}</tr></thead><tbody>${block.rows
        .map((row) => `<tr>${row.map((value) => `<td>${inline(String(value))}</td>`).join("")}</tr>`)
        .join("")}</tbody></table>`;
    case "list":
      return `<ul>${block.items.map((item) => `<li>${inline(item)}</li>`).join("")}</ul>`;
    case "chart":
      return `<figure>${block.svg}<figcaption>${inline(block.title)}</figcaption></figure>`;
    case "charts":
      return `<p>${inline(block.title)}</p><div class="small-multiples">${block.charts
        .map((chart) => `<figure>${chart.svg}<figcaption>${inline(chart.title)}</figcaption></figure>`)
        .join("")}</div>`;
  }
}

/** A self-contained page: inline CSS and SVG, no script, nothing fetched. */
export function renderHtml(title: string, blocks: readonly Block[]): string {
  const body = blocks.map(renderBlock);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${style}</style></head>
<body>
${body.join("\n")}
</body></html>
`;
}
