import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "@erp/db";
import { env } from "../env.ts";
import { renderHtml } from "./renderHtml.ts";
import { renderMarkdown } from "./renderMarkdown.ts";
import { reportBlocks } from "./reportBlocks.ts";
import type { ValidationReport } from "./validationReport.ts";

/**
 * Writes report.json, report.md and report.html into `directory` (relative to where the command
 * was run), or into reports/<timestamp>/ at the repository root; returns the directory.
 */
export async function writeReport(report: ValidationReport, directory?: string): Promise<string> {
  const target = directory
    ? path.resolve(env.invocationDir, directory)
    : path.join(repoRoot, "reports", report.startedAt.replace(/[:.]/g, "-").replace(/-\d{3}Z$/, "Z"));
  await mkdir(target, { recursive: true });
  const blocks = reportBlocks(report);
  await writeFile(path.join(target, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(target, "report.md"), renderMarkdown(blocks));
  await writeFile(path.join(target, "report.html"), renderHtml(`Validation ${report.verdict.toUpperCase()} — ${report.startedAt}`, blocks));
  const relative = path.relative(env.invocationDir, target);
  return relative.startsWith("..") ? target : relative || ".";
}
