import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "@erp/db";
import { appRouter } from "../routers/_app.ts";
import { describeApi } from "./describeApi.ts";

/** Where the generated reference lives (committed; `--check` fails when it drifts from the router). */
export const apiDocPath = join(repoRoot, "docs", "api.md");

// `pnpm api:docs` writes docs/api.md; `pnpm api:docs:check` exits 1 when it differs from the router.
const check = process.argv.includes("--check");
const generated = describeApi(appRouter);
const current = await readFile(apiDocPath, "utf8").catch(() => "");
if (check) {
  if (current !== generated) {
    console.error("docs/api.md is out of date with the router: run `pnpm api:docs` and commit it.");
    process.exit(1);
  }
  console.log("docs/api.md matches the router.");
} else if (current === generated) {
  console.log("docs/api.md is up to date.");
} else {
  await writeFile(apiDocPath, generated);
  console.log(`Wrote ${apiDocPath}.`);
}
