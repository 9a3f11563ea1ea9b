import { join } from "node:path";
import { runCommand, writeGenerated } from "@erp/cli-kit";
import { repoRoot } from "@erp/db";
import { appRouter } from "../routers/_app.ts";
import { describeApi } from "./describeApi.ts";
import { describeTableCoverage } from "./describeTableCoverage.ts";

// `pnpm api:docs` writes docs/api.md and docs/api-coverage.md; `pnpm api:docs:check` exits 1 when they differ from the code.
await runCommand(async () =>
  writeGenerated(
    [
      { path: join(repoRoot, "docs", "api.md"), content: describeApi(appRouter) },
      { path: join(repoRoot, "docs", "api-coverage.md"), content: await describeTableCoverage(repoRoot) },
    ],
    { check: process.argv.includes("--check"), command: "pnpm api:docs", source: "the router and the code behind it" },
  ),
);
