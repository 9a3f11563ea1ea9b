import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "@erp/db";
import { expect, test } from "vitest";
import { describeApi } from "../src/docs/describeApi.ts";
import { listProcedures } from "../src/listProcedures.ts";
import { appRouter } from "../src/routers/_app.ts";

test("docs/api.md is generated from the current router (run `pnpm api:docs` after changing procedures)", async () => {
  const committed = await readFile(join(repoRoot, "docs", "api.md"), "utf8");
  expect(committed === describeApi(appRouter), "docs/api.md differs from the router: run `pnpm api:docs`").toBe(true);
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
