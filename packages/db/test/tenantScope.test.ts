import { type CommonQueryMethods, DataIntegrityError, NotFoundError as SlonikNotFoundError, sql, UnexpectedStateError } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import {
  NotFoundError,
  PermissionDeniedError,
  TenantPool,
  type TenantScope,
  TenantUnavailableError,
  toDomainError,
  withTenantTransaction,
} from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";
import { createMinimalTenant } from "./support/minimalTenant.ts";

const sessionRow = z.object({ searchPath: z.string(), role: z.string(), pid: z.number() });
const sessionState = sql.type(sessionRow)`
  SELECT current_setting('search_path') AS "searchPath", current_user AS role, pg_backend_pid() AS pid`;

let db: TestDatabase;
let pool: TenantPool;
let alpha: TenantScope;
let beta: TenantScope;

beforeAll(async () => {
  db = await createTestDatabase();
  // One connection: every transaction below runs on the same backend.
  pool = await TenantPool.open(db.apiUrl, { maxPoolSize: 1 });
  alpha = await createMinimalTenant(db, "alpha");
  beta = await createMinimalTenant(db, "beta");
});
/** The pooled connection's own state, outside any tenant transaction. */
async function connectionState(): Promise<z.infer<typeof sessionRow>> {
  const client = await pool.connect();
  try {
    return sessionRow.parse((await client.query(sessionState.sql)).rows[0]);
  } finally {
    client.release();
  }
}

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

test("confines a transaction to the tenant's schema and role, and the pooled connection forgets both at commit", async () => {
  const before = await connectionState();
  const inside = await withTenantTransaction(pool, alpha, (tx) => tx.one(sessionState));
  expect(inside).toEqual({ searchPath: `${alpha.schemaName}, pg_temp`, role: alpha.roleName, pid: before.pid });
  expect(await connectionState()).toEqual(before);

  const notes = await withTenantTransaction(pool, beta, (tx) =>
    tx.anyFirst(sql.type(z.object({ body: z.string() }))`SELECT body FROM notes`),
  );
  expect(notes).toEqual(["beta"]);
});

test("resets the settings after a failed handler too, and keeps the connection", async () => {
  const before = await connectionState();
  await expect(
    withTenantTransaction(pool, alpha, async () => {
      throw new Error("handler failed");
    }),
  ).rejects.toThrow("handler failed");
  expect(await connectionState()).toEqual(before);
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
  const alongside = sql.type(z.object({ value: z.number() }))`SELECT 1 AS value FROM ${sql.identifier([gone.schemaName, "notes"])}`;
  await expect(
    withTenantTransaction(pool, { ...alpha, schemaName: gone.schemaName }, async () => null, { alongside }),
  ).rejects.toBeInstanceOf(TenantUnavailableError);
});

const noteValue = z.object({ value: z.string() });

test("answers an `alongside` query in the same round trip, and confines even when it finds nothing", async () => {
  const notes = sql.identifier([alpha.schemaName, "notes"]);
  const found = await withTenantTransaction(
    pool,
    alpha,
    async (tx, opened) => ({ state: await tx.one(sessionState), value: await opened }),
    {
      alongside: sql.type(noteValue)`SELECT body AS value FROM ${notes} WHERE body = ${"alpha"}`,
    },
  );
  expect(found.value).toBe("alpha");
  expect(found.state).toMatchObject({ searchPath: `${alpha.schemaName}, pg_temp`, role: alpha.roleName });

  const missing = await withTenantTransaction(
    pool,
    alpha,
    async (tx, opened) => ({ state: await tx.one(sessionState), value: await opened }),
    {
      alongside: sql.type(noteValue)`SELECT body AS value FROM ${notes} WHERE body = ${"nobody"}`,
    },
  );
  expect(missing.value).toBeNull();
  expect(missing.state).toMatchObject({ searchPath: `${alpha.schemaName}, pg_temp`, role: alpha.roleName });

  // The row is validated by the alongside query's schema, as every typed query's row is.
  const mistyped = withTenantTransaction(pool, alpha, async (_tx, opened) => opened, {
    alongside: sql.type(z.object({ value: z.number() }))`SELECT body AS value FROM ${notes}`,
  });
  await expect(mistyped).rejects.toThrow(/do not conform/);
});

test("an alongside value is a bound parameter, never SQL", async () => {
  const notes = sql.identifier([alpha.schemaName, "notes"]);
  const hostile = "alpha' OR true; DROP TABLE notes; --";
  const found = await withTenantTransaction(pool, alpha, async (_tx, opened) => opened, {
    alongside: sql.type(
      z.object({ value: z.number() }),
    )`SELECT count(*)::int AS value FROM ${notes} WHERE body = ${hostile} OR body = ${"it's"}`,
  });
  expect(found).toBe(0);
  const bodies = await withTenantTransaction(pool, alpha, (tx) =>
    tx.anyFirst(sql.type(z.object({ body: z.string() }))`SELECT body FROM notes`),
  );
  expect(bodies).toEqual(["alpha"]);
});

test("rows arrive parsed as through createDbPool, and the query methods keep Slonik's contracts", async () => {
  const values = z.object({ big: z.number(), money: z.string(), at: z.string(), bigs: z.array(z.number()), ats: z.array(z.string()) });
  const row = await withTenantTransaction(pool, alpha, (tx) =>
    tx.one(sql.type(values)`
      SELECT 9007199254740991::int8 AS big, 12.3400::numeric AS money, '2026-01-02 03:04:05+00'::timestamptz AS at,
             ARRAY[1, 2]::int8[] AS bigs, ARRAY['2026-01-02 03:04:05+00'::timestamptz] AS ats`),
  );
  expect(row).toEqual({
    big: 9007199254740991,
    money: "12.3400",
    at: "2026-01-02T03:04:05.000Z",
    bigs: [1, 2],
    ats: ["2026-01-02T03:04:05.000Z"],
  });

  const body = z.object({ body: z.string() });
  await withTenantTransaction(pool, alpha, async (tx) => {
    expect(await tx.maybeOne(sql.type(body)`SELECT body FROM notes WHERE body = ${"nobody"}`)).toBeNull();
    await expect(tx.one(sql.type(body)`SELECT body FROM notes WHERE body = ${"nobody"}`)).rejects.toBeInstanceOf(SlonikNotFoundError);
    await expect(tx.maybeOne(sql.type(body)`SELECT body FROM notes, generate_series(1, 2)`)).rejects.toBeInstanceOf(DataIntegrityError);
    await expect(tx.one(sql.type(z.object({ body: z.number() }))`SELECT body FROM notes`)).rejects.toThrow(/do not conform/);
    expect(await tx.oneFirst(sql.type(body)`SELECT body FROM notes`)).toBe("alpha");
    expect(await tx.exists(sql.unsafe`SELECT 1 FROM notes WHERE body = ${"alpha"}`)).toBe(true);
    expect((await tx.query(sql.unsafe`SELECT body FROM notes`)).rowCount).toBe(1);
  });
});

test("tenant queries throw the error classes of Slonik's own methods, and toDomainError maps them in one place", async () => {
  const body = z.object({ body: z.string() });
  const none = sql.type(body)`SELECT 'x' AS body WHERE false`;
  const two = sql.type(body)`SELECT 'x' AS body FROM generate_series(1, 2)`;
  const twoColumns = sql.unsafe`SELECT 1 AS a, 2 AS b`;
  const errorClasses = async (q: Pick<CommonQueryMethods, "one" | "many" | "maybeOne" | "oneFirst" | "manyFirst">) =>
    Promise.all(
      [q.one(none), q.many(none), q.maybeOne(two), q.oneFirst(twoColumns), q.manyFirst(twoColumns)].map((query) =>
        query.then(
          () => null,
          (error: unknown) => (error as object).constructor,
        ),
      ),
    );
  const fromSlonik = await errorClasses(db.pool);
  const fromTenant = await withTenantTransaction(pool, alpha, (tx) => errorClasses(tx));
  expect(fromTenant).toEqual(fromSlonik);
  expect(fromSlonik).toEqual([SlonikNotFoundError, SlonikNotFoundError, DataIntegrityError, UnexpectedStateError, DataIntegrityError]);

  const missing = await withTenantTransaction(pool, alpha, (tx) => tx.one(none)).catch(toDomainError);
  expect(missing).toBeInstanceOf(NotFoundError);
  expect((missing as Error).message).toBe("Not found.");
});

test("a failed statement rolls the transaction back and the connection is reused; a broken one is closed", async () => {
  const before = await connectionState();
  await expect(withTenantTransaction(pool, alpha, (tx) => tx.query(sql.unsafe`SELECT 1 / 0`))).rejects.toThrow(/division by zero/);
  expect((await connectionState()).pid).toBe(before.pid);

  // The backend dies mid-transaction: the connection must not go back to the pool.
  await expect(
    withTenantTransaction(pool, alpha, async (tx) => {
      const { pid } = await tx.one(sessionState);
      await db.pool.query(sql.unsafe`SELECT pg_terminate_backend(${pid}, 5000)`);
      await tx.query(sql.unsafe`SELECT 1`);
    }),
  ).rejects.toThrow();
  const after = await withTenantTransaction(pool, beta, (tx) => tx.one(sessionState));
  expect(after.pid).not.toBe(before.pid);
  expect(after).toMatchObject({ searchPath: `${beta.schemaName}, pg_temp`, role: beta.roleName });
});

test("a handler's queries sent behind a failed opening never run, not even unconfined", async () => {
  const notes = sql.identifier([alpha.schemaName, "notes"]);
  const count = sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM ${notes}`;
  const missingRole = { schemaName: alpha.schemaName, roleName: `tenant_${db.slug("nobody")}_rw` };
  // The handler does not wait for the opening: its insert is written right behind it.
  const attempt = withTenantTransaction(pool, missingRole, (tx) => tx.query(sql.unsafe`INSERT INTO ${notes} VALUES ('stray')`));
  await expect(attempt).rejects.toBeInstanceOf(TenantUnavailableError);
  expect(await withTenantTransaction(pool, alpha, (tx) => tx.oneFirst(count))).toBe(1);
});

test("a statement prepared for one tenant reads the next tenant's table on the same connection", async () => {
  // The same text is a named (prepared) statement: PostgreSQL must re-analyse it for each search_path.
  const bodies = (scope: TenantScope) =>
    withTenantTransaction(pool, scope, async (tx) => ({
      bodies: await tx.anyFirst(sql.type(z.object({ body: z.string() }))`SELECT body FROM notes`),
      pid: (await tx.one(sessionState)).pid,
    }));
  const first = await bodies(alpha);
  const second = await bodies(beta);
  const third = await bodies(alpha);
  expect([first.bodies, second.bodies, third.bodies]).toEqual([["alpha"], ["beta"], ["alpha"]]);
  expect(new Set([first.pid, second.pid, third.pid]).size).toBe(1);
});

test("a read-only transaction refuses writes", async () => {
  const attempt = withTenantTransaction(pool, alpha, (tx) => tx.query(sql.unsafe`INSERT INTO notes VALUES ('no')`), { readOnly: true });
  await expect(attempt).rejects.toThrow(/read-only transaction/);
});
