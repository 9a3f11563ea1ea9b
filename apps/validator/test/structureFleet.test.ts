import { baselinePlatform, createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { migrateTenants, provisionTenant, tenantNames } from "@erp/tenancy";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { ValidationTenant } from "../src/stages/provisioning.ts";
import { structureStage } from "../src/stages/structure.ts";

// Whole fleets of 268-table tenants on a shared machine: generous limits (the tests assert outcomes, never durations).
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let db: TestDatabase;
const progress = { start: () => {}, tick: () => {} };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

test("the structure stage passes a fleet where half the tenants were migrated and half built fresh", async () => {
  const baseline = await baselinePlatform(db.pool);
  const admin = { email: "admin@validate.test", password: "correct horse battery staple" };
  const tenants: ValidationTenant[] = [];
  for (const [name, platform] of [
    ["old_a", baseline],
    ["old_b", baseline],
    ["new_a", db.platform],
    ["new_b", db.platform],
  ] as const) {
    const slug = db.slug(name);
    await provisionTenant(platform, { slug, tier: "starter", admin });
    tenants.push({ slug, tier: "starter", ...tenantNames(slug), ...admin });
  }
  expect((await migrateTenants(db.platform)).migrated).toBe(2);
  const outcome = await structureStage(db.pool, tenants, progress);
  expect(outcome.problems).toEqual([]);
  expect(outcome.data.tenantsCompared).toBe(4);
});
