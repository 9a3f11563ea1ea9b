import { join } from "node:path";
import { runCommand, writeGenerated } from "@erp/cli-kit";
import { repoRoot } from "@erp/db";
import { appRouter } from "../routers/_app.ts";
import { describeApi } from "./describeApi.ts";

// `pnpm api:docs` writes docs/api.md; `pnpm api:docs:check` exits 1 when it differs from the router.
await runCommand(() =>
  writeGenerated([{ path: join(repoRoot, "docs", "api.md"), content: describeApi(appRouter) }], {
    check: process.argv.includes("--check"),
    command: "pnpm api:docs",
    source: "the router",
  }),
);
