import { join } from "node:path";
import { runCommand, writeGenerated } from "@erp/cli-kit";
import { repoRoot } from "@erp/db";
import { renderDemoDataDoc } from "./renderDemoDataDoc.ts";

// `pnpm seed:docs` writes docs/demo-data.md; `pnpm seed:docs:check` exits 1 when it differs from demoDataPlan.
await runCommand(() =>
  writeGenerated([{ path: join(repoRoot, "docs", "demo-data.md"), content: renderDemoDataDoc() }], {
    check: process.argv.includes("--check"),
    command: "pnpm seed:docs",
    source: "demoDataPlan",
  }),
);
