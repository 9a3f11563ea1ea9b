import { loadTemplateSource } from "@erp/db";
import { baselinePlatform, createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { checkTenants, migrateTenants, provisionTenant } from "../src/index.ts";

// The newest template version (the number of the newest change file).
const newest = (await loadTemplateSource()).versionNumber;

// Whole fleets of 268-table tenants on a shared machine: generous limits (the tests assert outcomes, never durations).
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let db: TestDatabase;
const admin = { email: "admin@example.test", password: "correct horse battery staple" };
const slugs: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const baseline = await baselinePlatform(db.pool);
  for (const name of ["fresh", "handcol", "noindex"]) {
    slugs[name] = db.slug(name);
    await provisionTenant(db.platform, { slug: slugs[name]!, tier: "starter", admin });
  }
  slugs.migrated = db.slug("migrated");
  await provisionTenant(baseline, { slug: slugs.migrated, tier: "starter", admin });
  await migrateTenants(db.platform);
});
afterAll(async () => db?.drop());

test("finds a hand-added column and a dropped index, naming them; fresh and migrated tenants are clean", async () => {
  expect(await checkTenants(db.pool)).toEqual({ checked: 4, drifted: [], unknown: [] });

  await db.pool.query(sql.unsafe`ALTER TABLE ${sql.identifier([`tenant_${slugs.handcol}`, "customers"])} ADD COLUMN loyalty_tier text`);
  await db.pool.query(sql.unsafe`DROP INDEX ${sql.identifier([`tenant_${slugs.noindex}`, "orders_series_code_ordered_at_idx"])}`);
  const result = await checkTenants(db.pool);
  expect(result.checked).toBe(4);
  expect(result.drifted).toEqual([
    {
      slug: slugs.handcol,
      versionNumber: newest,
      differences: [expect.stringMatching(/^extra column: customers\.loyalty_tier text #\d+$/)],
    },
    {
      slug: slugs.noindex,
      versionNumber: newest,
      differences: ["missing index: CREATE INDEX orders_series_code_ordered_at_idx ON orders USING btree (series_code, ordered_at)"],
    },
  ]);
  expect((await checkTenants(db.pool, { slug: slugs.migrated! })).drifted).toEqual([]);
  await expect(checkTenants(db.pool, { slug: "nobody_here" })).rejects.toThrow("No tenant has the slug 'nobody_here'");
});
