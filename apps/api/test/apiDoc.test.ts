import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "@erp/db";
import { expect, test } from "vitest";
import { describeApi } from "../src/docs/describeApi.ts";
import { describeTableCoverage } from "../src/docs/describeTableCoverage.ts";
import { listProcedures } from "../src/listProcedures.ts";
import { appRouter } from "../src/routers/_app.ts";

test("docs/api.md is generated from the current router (run `pnpm api:docs` after changing procedures)", async () => {
  const committed = await readFile(join(repoRoot, "docs", "api.md"), "utf8");
  expect(committed === describeApi(appRouter), "docs/api.md differs from the router: run `pnpm api:docs`").toBe(true);
});

test("docs/api-coverage.md is generated from the current code (run `pnpm api:docs` after reaching new tables)", async () => {
  const committed = await readFile(join(repoRoot, "docs", "api-coverage.md"), "utf8");
  const current = await describeTableCoverage(repoRoot);
  expect(committed === current, "docs/api-coverage.md differs from the code: run `pnpm api:docs`").toBe(true);
  // The reading finds what it should: the order-to-cash tables are not listed among the unreached.
  expect(current).toMatch(/\*\*\d+ of \d+ template tables\*\*/);
  expect(current).not.toMatch(/`tax_invoices`|`shipments`/);
});

test("every tenant procedure names its module and permission, except the auth procedures every user has", () => {
  const procedures = listProcedures(appRouter);
  const unguarded = procedures
    .filter(({ path, meta }) => meta.auth === "tenant" && !meta.permission && !path.startsWith("auth."))
    .map(({ path }) => path);
  expect(unguarded).toEqual([]);
  const moduleless = procedures.filter(({ path, meta }) => /^(catalog|sales|inventory)\./.test(path) && !meta.module);
  expect(moduleless).toEqual([]);
});
