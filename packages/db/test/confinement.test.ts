import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { apiRoleName, findPgError, rawQuery, TenantPool, type TenantScope, templateSchema, withTenantTransaction } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";
import { createMinimalTenant } from "./support/minimalTenant.ts";

/*
 * What the database itself refuses when SQL runs on a tenant connection, the way the API takes
 * it: logged in as erp_api, inside withTenantTransaction. Statements are sent as raw SQL through
 * the handler, as an injected statement would be.
 */

let db: TestDatabase;
let pool: TenantPool;
let alpha: TenantScope;
let beta: TenantScope;
let owner: string;

beforeAll(async () => {
  db = await createTestDatabase();
  // One connection: every transaction below runs on the same backend.
  pool = await TenantPool.open(db.apiUrl, { maxPoolSize: 1 });
  alpha = await createMinimalTenant(db, "alpha");
  beta = await createMinimalTenant(db, "beta");
  owner = decodeURIComponent(new URL(db.url).username);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/** Runs `statements` in one tenant transaction; the SQLSTATE of the refusal, or "ran". */
async function attempt(scope: TenantScope, ...statements: string[]): Promise<string> {
  try {
    await withTenantTransaction(pool, scope, async (tx) => {
      for (const text of statements) await tx.query(rawQuery(text));
    });
    return "ran";
  } catch (error) {
    return findPgError(error)?.code ?? String(error);
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

describe("the API login", () => {
  test("is no superuser, inherits nothing, owns nothing, and reads no tenant, platform or template table", async () => {
    const login = await db.pool.one(sql.type(
      z.object({ superuser: z.boolean(), inherit: z.boolean(), createrole: z.boolean(), createdb: z.boolean(), owned: z.number() }),
    )`
      SELECT r.rolsuper AS superuser, r.rolinherit AS inherit, r.rolcreaterole AS createrole, r.rolcreatedb AS createdb,
             ((SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
              + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid))::int AS owned
      FROM pg_roles r WHERE r.rolname = ${apiRoleName}`);
    expect(login).toEqual({ superuser: false, inherit: false, createrole: false, createdb: false, owned: 0 });

    // RESET ROLE inside a tenant transaction returns to the login itself.
    for (const target of [
      `platform.tenants`,
      `${templateSchema}.products`,
      `${quote(alpha.schemaName)}.notes`,
      `${quote(beta.schemaName)}.notes`,
    ]) {
      expect(await attempt(alpha, "RESET ROLE", `SELECT * FROM ${target}`), target).toBe("42501");
    }
    expect(await attempt(alpha, "SELECT set_config('role', 'none', true)")).toBe("42501");
  });
});

describe("as a tenant's role", () => {
  test("set_config('role', …), SET ROLE to a non-tenant role and SET SESSION AUTHORIZATION fail", async () => {
    for (const role of ["none", beta.roleName, owner, apiRoleName]) {
      expect(await attempt(alpha, `SELECT set_config('role', '${role}', true)`), role).toBe("42501");
    }
    expect(await attempt(alpha, `SET ROLE ${quote(owner)}`)).toBe("42501");
    expect(await attempt(alpha, `SET SESSION AUTHORIZATION ${quote(owner)}`)).toBe("42501");
    expect(await attempt(alpha, `SET SESSION AUTHORIZATION ${quote(beta.roleName)}`)).toBe("42501");
  });

  test("platform, template_tenant and other tenants' schemas are denied", async () => {
    for (const statement of [
      `SELECT * FROM platform.tenants`,
      `SELECT * FROM platform.schema_migrations`,
      `SELECT * FROM ${templateSchema}.products`,
      `SELECT * FROM ${quote(beta.schemaName)}.notes`,
      `INSERT INTO ${quote(beta.schemaName)}.notes VALUES ('intruder')`,
    ]) {
      expect(await attempt(alpha, statement), statement).toBe("42501");
    }
  });

  test("cannot create a temporary table, so pg_temp can never shadow a tenant table", async () => {
    expect(await attempt(alpha, "CREATE TEMP TABLE notes (body text)")).toBe("42501");
    expect(await attempt(alpha, "RESET ROLE", "CREATE TEMP TABLE notes (body text)")).toBe("42501");
  });

  test("reads no other tenant's table statistics", async () => {
    const notes = `'${beta.schemaName}.notes'::regclass`;
    expect(await attempt(alpha, "SELECT relname, n_live_tup FROM pg_stat_all_tables")).toBe("42501");
    expect(await attempt(alpha, "SELECT * FROM pg_stat_user_tables")).toBe("42501");
    expect(await attempt(alpha, "SELECT * FROM pg_statio_all_tables")).toBe("42501");
    expect(await attempt(alpha, `SELECT pg_stat_get_live_tuples(${notes})`)).toBe("42501");
    expect(await attempt(alpha, `SELECT pg_stat_get_tuples_inserted(${notes})`)).toBe("42501");
  });
});

test("whatever a transaction sets at session level never reaches the next request on that connection", async () => {
  const state = sql.type(
    z.object({
      pid: z.number(),
      role: z.string(),
      searchPath: z.string(),
      workMem: z.string(),
      statementTimeout: z.string(),
      temporaryTables: z.number(),
    }),
  )`
    SELECT pg_backend_pid() AS pid, current_user AS role, current_setting('search_path') AS "searchPath",
           current_setting('work_mem') AS "workMem", current_setting('statement_timeout') AS "statementTimeout",
           (SELECT count(*)::int FROM pg_class WHERE relpersistence = 't') AS "temporaryTables"`;
  const defaults = await withTenantTransaction(pool, beta, (tx) => tx.one(state));

  // Tenant alpha's request runs the attack on the connection and commits.
  expect(await attempt(alpha, "CREATE TEMP TABLE notes (body text)")).toBe("42501");
  expect(await attempt(alpha, `SELECT set_config('search_path', '${alpha.schemaName}', false)`)).toBe("42501");
  expect(
    await attempt(
      alpha,
      `SET search_path = ${quote(alpha.schemaName)}`,
      "SET statement_timeout = '123s'",
      "SET work_mem = '77MB'",
      // Takes effect when the next transaction begins, before anything inside it could reset it.
      "SET default_transaction_read_only = on",
      "RESET ROLE",
      // Now the login itself, which may call set_config: session-level settings, role last.
      `SELECT set_config('search_path', '${alpha.schemaName}', false), set_config('work_mem', '78MB', false)`,
      `SET SESSION ROLE ${quote(alpha.roleName)}`,
    ),
  ).toBe("ran");

  // Tenant beta's next request on the same connection sees none of it, and writes into its own table.
  const after = await withTenantTransaction(pool, beta, async (tx) => {
    await tx.query(sql.unsafe`INSERT INTO notes VALUES ('beta again')`);
    return tx.one(state);
  });
  expect(after).toEqual(defaults);
  expect(after.searchPath).toBe(`${beta.schemaName}, pg_temp`);
  const betaNotes = await db.pool.anyFirst(sql.type(z.object({ body: z.string() }))`
    SELECT body FROM ${sql.identifier([beta.schemaName, "notes"])} ORDER BY body`);
  expect(betaNotes).toEqual(["beta", "beta again"]);
});

test("behind a transaction-mode pooler: no startup parameters, timeouts set per transaction, no named statements", async () => {
  const pooled = await TenantPool.open(db.apiUrl, { maxPoolSize: 1, pooler: "transaction", statementTimeout: 12_345 });
  try {
    const settings = sql.type(z.object({ statementTimeout: z.string(), idle: z.string(), prepared: z.number(), body: z.string() }))`
      SELECT current_setting('statement_timeout') AS "statementTimeout",
             current_setting('idle_in_transaction_session_timeout') AS idle,
             (SELECT count(*)::int FROM pg_prepared_statements) AS prepared,
             (SELECT body FROM notes LIMIT 1) AS body`;
    const inside = await withTenantTransaction(pooled, alpha, (tx) => tx.one(settings));
    expect(inside).toEqual({ statementTimeout: "12345ms", idle: "1min", prepared: 0, body: "alpha" });
    // The same text again, for another tenant: still unnamed, still right.
    expect(await withTenantTransaction(pooled, beta, (tx) => tx.one(settings))).toMatchObject({ prepared: 0, body: "beta" });
  } finally {
    await pooled.end();
  }
});
