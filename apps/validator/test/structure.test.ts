import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { provisionTenant, tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { ValidationTenant } from "../src/stages/provisioning.ts";
import { structureStage } from "../src/stages/structure.ts";

let db: TestDatabase;
let tenants: ValidationTenant[];
const progress = { start: () => {}, tick: () => {} };

beforeAll(async () => {
  db = await createTestDatabase();
  tenants = [];
  for (const name of ["alpha", "beta"]) {
    const slug = db.slug(name);
    const admin = { email: "admin@validate.test", password: "correct horse battery staple" };
    await provisionTenant(db.platform, { slug, tier: "starter", admin });
    tenants.push({ slug, tier: "starter", ...tenantNames(slug), ...admin });
  }
});
afterAll(async () => db?.drop());

test("passes freshly provisioned tenants, then names a dropped index and a role that reaches another tenant", async () => {
  expect((await structureStage(db.pool, tenants, progress)).problems).toEqual([]);

  const [alpha, beta] = tenants as [ValidationTenant, ValidationTenant];
  await db.pool.query(sql.unsafe`DROP INDEX ${sql.identifier([alpha.schemaName, "audit_log_user_id_idx"])}`);
  await db.pool.query(sql.unsafe`GRANT USAGE ON SCHEMA ${sql.identifier([beta.schemaName])} TO ${sql.identifier([alpha.roleName])}`);
  const { problems } = await structureStage(db.pool, tenants, progress);
  expect(problems).toEqual([
    `${alpha.slug}: missing index: CREATE INDEX audit_log_user_id_idx ON audit_log USING btree (user_id)`,
    `${alpha.slug}: role ${alpha.roleName} can reach schema ${beta.schemaName}`,
  ]);
});
