import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { provisionTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { findOrphans } from "../src/faults/findOrphans.ts";
import { killProvisioningAtRandom } from "../src/faults/killProvisioning.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

test("the orphan check names a schema or role without a registry row, and a registry row without its schema", async () => {
  // A prefix of its own, so the kill test below sees none of these.
  const prefix = db.slug("o_");
  const admin = { email: "admin@orphans.test", password: "orphans-test-password-0123" };
  await provisionTenant(db.platform, { slug: `${prefix}whole`, tier: "starter", admin });
  expect(await findOrphans(db.pool, prefix)).toEqual([]);

  const stray = `tenant_${prefix}stray`;
  await db.pool.query(sql.unsafe`CREATE SCHEMA ${sql.identifier([stray])}`);
  await db.pool.query(sql.unsafe`CREATE ROLE ${sql.identifier([`${stray}_rw`])}`);
  const halved = `${prefix}halved`;
  await provisionTenant(db.platform, { slug: halved, tier: "starter", admin });
  await db.pool.query(sql.unsafe`DROP SCHEMA ${sql.identifier([`tenant_${halved}`])} CASCADE`);

  expect((await findOrphans(db.pool, prefix)).sort()).toEqual([
    `role ${stray}_rw exists without a registry row`,
    `schema ${stray} exists without a registry row`,
    `tenant ${halved} is registered but its schema tenant_${halved} is missing`,
  ]);
});

test("provisioning killed with SIGKILL inside its transaction leaves the tenant whole or absent, nothing in between", async () => {
  const prefix = db.slug("k_");
  const slugs = [`${prefix}a`, `${prefix}b`];
  const { samples, problems } = await killProvisioningAtRandom(db.pool, db.url, slugs, () => {});
  expect(problems).toEqual([]);
  expect(samples.map((sample) => sample.slug)).toEqual(slugs);
  for (const sample of samples) expect(["absent", "whole", "not killed"]).toContain(sample.outcome);
  expect(await findOrphans(db.pool, prefix)).toEqual([]);
}, 300_000);
