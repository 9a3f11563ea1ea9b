import { type DatabasePool, sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import {
  createDbPool,
  PermissionDeniedError,
  type TenantScope,
  TenantUnavailableError,
  toDomainError,
  withTenantTransaction,
} from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

const sessionRow = z.object({ searchPath: z.string(), role: z.string(), pid: z.number() });
const sessionState = sql.type(sessionRow)`
  SELECT current_setting('search_path') AS "searchPath", current_user AS role, pg_backend_pid() AS pid`;

let db: TestDatabase;
let pool: DatabasePool;
let alpha: TenantScope;
let beta: TenantScope;

/** A minimal tenant: its schema with one table, and its own role with rights there only. */
async function createTenant(name: string): Promise<TenantScope> {
  const scope = { schemaName: `tenant_${db.slug(name)}`, roleName: `tenant_${db.slug(name)}_rw` };
  const schema = sql.identifier([scope.schemaName]);
  const role = sql.identifier([scope.roleName]);
  await db.pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`CREATE SCHEMA ${schema}`);
    await tx.query(sql.unsafe`CREATE TABLE ${sql.identifier([scope.schemaName, "notes"])} (body text)`);
    await tx.query(sql.unsafe`INSERT INTO ${sql.identifier([scope.schemaName, "notes"])} VALUES (${name})`);
    await tx.query(sql.unsafe`CREATE ROLE ${role} NOLOGIN NOINHERIT`);
    await tx.query(sql.unsafe`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await tx.query(sql.unsafe`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await tx.query(sql.unsafe`GRANT ${role} TO CURRENT_USER WITH INHERIT FALSE, SET TRUE`);
  });
  return scope;
}

beforeAll(async () => {
  db = await createTestDatabase();
  // One connection: every transaction below runs on the same backend.
  pool = await createDbPool(db.url, { maxPoolSize: 1 });
  alpha = await createTenant("alpha");
  beta = await createTenant("beta");
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

test("confines a transaction to the tenant's schema and role, and the pooled connection forgets both at commit", async () => {
  const before = await pool.one(sessionState);
  const inside = await withTenantTransaction(pool, alpha, (tx) => tx.one(sessionState));
  expect(inside).toEqual({ searchPath: alpha.schemaName, role: alpha.roleName, pid: before.pid });
  expect(await pool.one(sessionState)).toEqual(before);

  const notes = await withTenantTransaction(pool, beta, (tx) =>
    tx.anyFirst(sql.type(z.object({ body: z.string() }))`SELECT body FROM notes`),
  );
  expect(notes).toEqual(["beta"]);
});

test("resets the settings after a failed handler too, and keeps the connection", async () => {
  const before = await pool.one(sessionState);
  await expect(
    withTenantTransaction(pool, alpha, async () => {
      throw new Error("handler failed");
    }),
  ).rejects.toThrow("handler failed");
  expect(await pool.one(sessionState)).toEqual(before);
});

test("the database refuses another tenant's schema inside a tenant transaction", async () => {
  const stray = withTenantTransaction(pool, alpha, (tx) =>
    tx.any(sql.unsafe`SELECT body FROM ${sql.identifier([beta.schemaName, "notes"])}`),
  );
  const error = await stray.catch((caught: unknown) => toDomainError(caught));
  expect(error).toBeInstanceOf(PermissionDeniedError);
});

test("a tenant whose role is gone is unavailable, not a driver error", async () => {
  const gone = { schemaName: `tenant_${db.slug("gone")}`, roleName: `tenant_${db.slug("gone")}_rw` };
  await expect(withTenantTransaction(pool, gone, (tx) => tx.one(sessionState))).rejects.toBeInstanceOf(TenantUnavailableError);
  const alongside = sql.fragment`SELECT 1 AS value FROM ${sql.identifier([gone.schemaName, "notes"])}`;
  await expect(
    withTenantTransaction(pool, { ...alpha, schemaName: gone.schemaName }, async () => null, { alongside }),
  ).rejects.toBeInstanceOf(TenantUnavailableError);
});

test("answers an `alongside` query in the same round trip, and confines even when it finds nothing", async () => {
  const notes = sql.identifier([alpha.schemaName, "notes"]);
  const found = await withTenantTransaction(pool, alpha, async (tx, value) => ({ value, state: await tx.one(sessionState) }), {
    alongside: sql.fragment`SELECT body AS value FROM ${notes} WHERE body = ${"alpha"}`,
  });
  expect(found.value).toBe("alpha");
  expect(found.state).toMatchObject({ searchPath: alpha.schemaName, role: alpha.roleName });

  const missing = await withTenantTransaction(pool, alpha, async (tx, value) => ({ value, state: await tx.one(sessionState) }), {
    alongside: sql.fragment`SELECT body AS value FROM ${notes} WHERE body = ${"nobody"}`,
  });
  expect(missing.value).toBeNull();
  expect(missing.state).toMatchObject({ searchPath: alpha.schemaName, role: alpha.roleName });
});
