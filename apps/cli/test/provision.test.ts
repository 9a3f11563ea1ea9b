import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./runCli.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe("bad flags: one sentence on stderr, exit 2, nothing created", () => {
  test.each([
    [
      ["provision", "--tier", "platinum"],
      /^error: option '--tier <tier>' argument 'platinum' is invalid\. Allowed choices are starter, growth, professional, enterprise\.\n/,
    ],
    [["provision"], /^error: required option '--tier <tier>' not specified\n/],
    [["provision", "--tier", "starter", "--slug", "x; DROP SCHEMA public"], /^error: slug must be 3–40 characters of lower-case letters/],
    [["provision", "--tier", "starter", "--count", "0"], /^error: --count must be at least 1\.\n$/],
    [["provision", "--tier", "starter", "--count", "lots"], /^error: --count must be a whole number\.\n$/],
    [["provision", "--tier", "starter", "--admin-password", "short"], /^error: --admin-password must be at least 12 characters\.\n$/],
    [["provision", "--tier", "starter", "--frobnicate"], /^error: unknown option '--frobnicate'\n/],
    [["tenants", "drop", "nobody_here"], /^error: Dropping 'nobody_here' deletes its data for good: add --yes to confirm\.\n$/],
  ])("%j", async (args, message) => {
    const result = await runCli(args, db.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test("no tenant was created by any of them", async () => {
    expect(await db.pool.oneFirst(sql.unsafe`SELECT count(*) FROM platform.tenants`)).toBe(0);
  });
});

test("provisions one tenant, prints its admin login once, and tenants list/show/drop operate on it", async () => {
  const slug = db.slug("cli_one");
  const created = await runCli(["provision", "--tier", "growth", "--slug", slug, "--no-demo-data"], db.url);
  expect(created.code).toBe(0);
  expect(created.stdout).toContain(`Provisioned tenant '${slug}' (growth)`);
  const password = created.stdout.match(/admin password (\S+)\s+\(generated: shown only this once\)/)?.[1];
  expect(password).toHaveLength(20);
  // createErpClient appends /trpc itself: the hint must give the server's root, or following it calls /trpc/trpc.
  const hintedUrl = created.stdout.match(/createErpClient\(\{ url: "([^"]+)" \}\)/)?.[1];
  expect(hintedUrl).toBeDefined();
  expect(new URL(hintedUrl ?? "").pathname).toBe("/");

  const listed = await runCli(["tenants", "list", "--json"], db.url);
  expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ slug, tier: "growth", status: "active" })]);

  const shown = await runCli(["tenants", "show", slug, "--json"], db.url);
  expect(JSON.parse(shown.stdout)).toMatchObject({
    slug,
    tables: expect.any(Number),
    modules: ["catalog", "sales", "inventory", "procurement", "finance", "cms"],
  });

  const dropped = await runCli(["tenants", "drop", slug, "--yes"], db.url);
  expect(dropped).toMatchObject({ code: 0 });
  expect(await db.pool.exists(sql.unsafe`SELECT 1 FROM pg_namespace WHERE nspname = ${`tenant_${slug}`}`)).toBe(false);

  const missing = await runCli(["tenants", "show", "nobody_here"], db.url);
  expect(missing).toMatchObject({ code: 1, stderr: "error: No tenant has the slug 'nobody_here'.\n" });
});

test("bulk: --count provisions numbered tenants and reports each in --json", async () => {
  const prefix = db.slug("bulk");
  const result = await runCli(
    ["provision", "--tier", "starter", "--slug", prefix, "--count", "3", "--concurrency", "2", "--no-demo-data", "--json"],
    db.url,
  );
  expect(result.code).toBe(0);
  const rows = JSON.parse(result.stdout) as { ok: boolean; slug: string; admin: { password: string } }[];
  expect(rows.map((row) => [row.ok, row.slug])).toEqual([
    [true, `${prefix}_1`],
    [true, `${prefix}_2`],
    [true, `${prefix}_3`],
  ]);
  expect(rows.every((row) => row.admin.password.length >= 12)).toBe(true);
});

test("bulk with --admin-password: the summary does not claim that passwords were generated", async () => {
  const prefix = db.slug("bulk_pw");
  const result = await runCli(
    [
      "provision",
      "--tier",
      "starter",
      "--slug",
      prefix,
      "--count",
      "2",
      "--no-demo-data",
      "--admin-password",
      "correct horse battery staple",
    ],
    db.url,
  );
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("Provisioned 2 of 2 tenants");
  expect(result.stdout).not.toMatch(/generated/);
  expect(result.stdout).toContain("Every admin signs in with the password given by --admin-password.");
});

test("the main job: an enterprise tenant with demo data whose invariant checks pass", async () => {
  const slug = db.slug("cli_enterprise");
  const created = await runCli(
    ["provision", "--tier", "enterprise", "--slug", slug, "--admin-password", "correct horse battery staple"],
    db.url,
  );
  expect(created.code).toBe(0);
  expect(created.stdout).toMatch(/demo data {6}[\d,]+ rows/);
  expect(created.stdout).toContain("admin password correct horse battery staple\n");
  const checked = await runCli(["seed:check", slug], db.url);
  expect(checked.code).toBe(0);
  expect(checked.stdout).not.toContain("✗");
});
