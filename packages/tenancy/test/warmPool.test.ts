import { describeSchema, diffSchemaDescriptions, findPgError, type Platform } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { drainWarmPool, fillWarmPool, provisionTenant, warmPoolStatus } from "../src/index.ts";

let db: TestDatabase;
let platform: Pick<Platform, "pool" | "templateVersion">;
const admin = { email: "admin@example.test", password: "correct horse battery staple" };

beforeAll(async () => {
  db = await createTestDatabase();
  platform = db.platform;
  expect(await fillWarmPool(platform, { size: 2 })).toEqual({ migrated: 0, built: 2, dropped: 0, ready: 2 });
});
// Pool roles are cluster-wide and not named after a tenant: drain them before the database goes.
afterAll(async () => {
  await drainWarmPool(platform);
  await db?.drop();
});

test("provisioning claims a pooled schema: identical to the template, with the tenant's own names and role", async () => {
  const slug = db.slug("pooled");
  const provisioned = await provisionTenant(platform, { slug, tier: "starter", admin });
  expect(provisioned.source).toBe("pool");
  expect(provisioned.timings.tables).toBeUndefined();
  expect(await warmPoolStatus(db.pool, platform.templateVersion!)).toEqual({ ready: 1, stale: 0 });

  const differences = diffSchemaDescriptions(
    await describeSchema(db.pool, "template_tenant"),
    await describeSchema(db.pool, `tenant_${slug}`),
  );
  expect(differences).toEqual([]);
  // Only the tenant's role may use its schema (superusers and the predefined pg_read/write_all_data roles aside).
  const roles = await db.pool.anyFirst(sql.unsafe`
    SELECT r.rolname FROM pg_roles r
    WHERE has_schema_privilege(r.oid, ${`tenant_${slug}`}, 'USAGE') AND NOT r.rolsuper AND r.rolname NOT LIKE 'pg\_%'`);
  expect(roles).toEqual([`tenant_${slug}_rw`]);

  const other = db.slug("pooled_other");
  await provisionTenant(platform, { slug: other, tier: "starter", admin });
  const failure = await db.pool
    .transaction(async (tx) => {
      await tx.query(sql.unsafe`SELECT set_config('role', ${`tenant_${slug}_rw`}, true)`);
      return tx.any(sql.unsafe`SELECT * FROM ${sql.identifier([`tenant_${other}`, "users"])}`);
    })
    .catch((error: unknown) => error);
  expect(findPgError(failure)?.code).toBe("42501");
});

test("a failed provisioning puts the claimed schema back in the pool", async () => {
  await fillWarmPool(platform, { size: 1 });
  const slug = db.slug("pool_fail");
  const attempt = provisionTenant(
    platform,
    { slug, tier: "starter", admin },
    {
      onPhase: (phase) => {
        if (phase === "auth") throw new Error("injected");
      },
    },
  );
  await expect(attempt).rejects.toThrow("injected");
  expect(await warmPoolStatus(db.pool, platform.templateVersion!)).toEqual({ ready: 1, stale: 0 });
  expect(await db.pool.exists(sql.unsafe`SELECT 1 FROM pg_namespace WHERE nspname = ${`tenant_${slug}`}`)).toBe(false);
  expect(await db.pool.exists(sql.unsafe`SELECT 1 FROM platform.tenants WHERE slug = ${slug}`)).toBe(false);
});

test("an empty pool falls back to building the tables", async () => {
  await drainWarmPool(platform);
  const provisioned = await provisionTenant(platform, { slug: db.slug("built"), tier: "starter", admin });
  expect(provisioned.source).toBe("built");
  expect(provisioned.timings.tables).toBeGreaterThan(0);
});
