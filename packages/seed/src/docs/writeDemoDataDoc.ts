import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "@erp/db";
import { renderDemoDataDoc } from "./renderDemoDataDoc.ts";

/** Where the generated description lives (committed; `--check` fails when it drifts from the code). */
const demoDataDocPath = join(repoRoot, "docs", "demo-data.md");

// `pnpm seed:docs` writes docs/demo-data.md; `pnpm seed:docs:check` exits 1 when it differs from demoDataPlan.
const check = process.argv.includes("--check");
const generated = renderDemoDataDoc();
const current = await readFile(demoDataDocPath, "utf8").catch(() => "");
if (check) {
  if (current !== generated) {
    console.error("docs/demo-data.md is out of date with demoDataPlan: run `pnpm seed:docs` and commit it.");
    process.exit(1);
  }
  console.log("docs/demo-data.md matches demoDataPlan.");
} else if (current === generated) {
  console.log("docs/demo-data.md is up to date.");
} else {
  await writeFile(demoDataDocPath, generated);
  console.log(`Wrote ${demoDataDocPath}.`);
}
