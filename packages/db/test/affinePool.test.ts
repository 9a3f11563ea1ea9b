import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AffineClient, AffinePool, type AffinePoolOptions } from "../src/tenantScope/affinePool.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let db: TestDatabase;
const pools: AffinePool[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await db?.drop();
});

function openPool(options: Partial<AffinePoolOptions>): AffinePool {
  const pool = new AffinePool({
    max: 4,
    client: { connectionString: db.url },
    idleTimeoutMs: 60_000,
    maxLifetimeMs: 60 * 60_000,
    maxTenantsPerConnection: 1000,
    waitTimeoutMs: 5_000,
    ...options,
  });
  pools.push(pool);
  return pool;
}

async function pidOf(client: AffineClient): Promise<number> {
  return (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
}

async function pidFor(pool: AffinePool, key: string): Promise<number> {
  const client = await pool.acquire(key);
  try {
    return await pidOf(client);
  } finally {
    client.release();
  }
}

test("a tenant keeps to its own connection while other tenants take and give back the others", async () => {
  const pool = openPool({ max: 4 });
  const seen = new Set<number>();
  for (let round = 0; round < 20; round++) {
    seen.add(await pidFor(pool, "tenant_kept"));
    // Three other tenants at once, given back in a shuffled order: a pool that hands out the
    // connection given back last would move tenant_kept from backend to backend.
    const others = await Promise.all([1, 2, 3].map((n) => pool.acquire(`tenant_other_${round}_${n}`)));
    for (const client of others.sort(() => Math.random() - 0.5)) client.release();
  }
  expect(seen.size).toBe(1);
});

test("one busy tenant still gets every connection", async () => {
  const pool = openPool({ max: 3 });
  const clients = await Promise.all([1, 2, 3].map(() => pool.acquire("tenant_busy")));
  const pids = await Promise.all(clients.map(pidOf));
  for (const client of clients) client.release();
  expect(new Set(pids).size).toBe(3);
});

test("a connection is closed once it has served more tenants than allowed, so its backend's cache stays bounded", async () => {
  const pool = openPool({ max: 1, maxTenantsPerConnection: 2 });
  const first = await pidFor(pool, "tenant_a");
  expect(await pidFor(pool, "tenant_b")).toBe(first);
  expect(await pidFor(pool, "tenant_a")).toBe(first); // the same tenant again does not count twice
  expect(await pidFor(pool, "tenant_c")).toBe(first); // the third tenant is served, then the connection goes
  const next = await pidFor(pool, "tenant_d");
  expect(next).not.toBe(first);
  await expect.poll(() => db.pool.exists(sql.unsafe`SELECT 1 FROM pg_stat_activity WHERE pid = ${first}`)).toBe(false);
});

test("a caller waits for a connection, and gets pg's timeout error when none is given back in time", async () => {
  const pool = openPool({ max: 1, waitTimeoutMs: 150 });
  const held = await pool.acquire("tenant_a");
  await expect(pool.acquire("tenant_b")).rejects.toThrow(/timeout exceeded when trying to connect/);
  const waiting = pool.acquire("tenant_b");
  held.release();
  const client = await waiting;
  expect(await pidOf(client)).toBeGreaterThan(0);
  client.release();
});

test("a connection given back with release(true) is closed, never handed out again", async () => {
  const pool = openPool({ max: 1 });
  const client = await pool.acquire("tenant_a");
  const pid = await pidOf(client);
  client.release(true);
  expect(await pidFor(pool, "tenant_a")).not.toBe(pid);
});

test("a closed pool refuses callers and their waits", async () => {
  const pool = openPool({ max: 1 });
  const held = await pool.acquire("tenant_a");
  const waiting = pool.acquire("tenant_b");
  const ended = pool.end();
  await expect(waiting).rejects.toThrow(/after calling end/);
  await expect(pool.acquire("tenant_c")).rejects.toThrow(/after calling end/);
  held.release();
  await ended;
});
