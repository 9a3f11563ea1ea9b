import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type AffineClient, AffinePool, type AffinePoolOptions, homesOf } from "../src/tenantScope/affinePool.ts";
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

/** The first `count` tenant keys whose homes in a pool of `slots` satisfy `matches`. */
function keysWhere(count: number, slots: number, matches: (homes: readonly number[]) => boolean): string[] {
  const keys: string[] = [];
  for (let n = 0; keys.length < count; n++) if (matches(homesOf(`tenant_${n}`, slots))) keys.push(`tenant_${n}`);
  return keys;
}

test("every tenant has two distinct homes, spread evenly over the pool", () => {
  const counts = new Array<number>(10).fill(0);
  for (let n = 0; n < 10_000; n++) {
    const homes = homesOf(`tenant_${n}`, 10);
    expect(new Set(homes).size).toBe(2);
    for (const home of homes) counts[home] = (counts[home] ?? 0) + 1;
  }
  // 2,000 per slot expected; a bad hash puts thousands on a few.
  for (const count of counts) expect(count).toBeGreaterThan(1_700);
  expect(homesOf("tenant_a", 1)).toEqual([0]);
});

test("under load a connection given back goes to a waiter whose home it is, before older waiters of other homes", async () => {
  const pool = openPool({ max: 4 });
  // Open the four connections by holding them with tenants whose first home is each slot.
  const holders = [0, 1, 2, 3].map((slot) => keysWhere(1, 4, (homes) => homes[0] === slot)[0] as string);
  const held = await Promise.all(holders.map((key) => pool.acquire(key)));
  const pids = await Promise.all(held.map(pidOf));
  const [elsewhere] = keysWhere(1, 4, (homes) => !homes.includes(0));
  const [atHome] = keysWhere(1, 4, (homes) => homes.includes(0));
  const older = pool.acquire(elsewhere as string);
  const younger = pool.acquire(atHome as string);
  held[0]?.release();
  const first = await younger;
  expect(await pidOf(first)).toBe(pids[0]);
  first.release();
  // Nobody else waits for slot 0: the older waiter gets it whatever its home.
  const second = await older;
  expect(await pidOf(second)).toBe(pids[0]);
  second.release();
  for (const client of held.slice(1)) client.release();
});

test("a waiter passed over three times the pool's size gets the next connection whatever its home", async () => {
  // Three connections, so a tenant's two homes leave one out.
  const pool = openPool({ max: 3 });
  const keys = [0, 1, 2].map((slot) => keysWhere(1, 3, (homes) => homes[0] === slot)[0] as string);
  const held = await Promise.all(keys.map((key) => pool.acquire(key)));
  const pids = await Promise.all(held.map(pidOf));
  const [stranger] = keysWhere(1, 3, (homes) => !homes.includes(0));
  const regulars = keysWhere(10, 3, (homes) => homes.includes(0));
  let strangerServed = false;
  const waiting = pool.acquire(stranger as string).then((client) => {
    strangerServed = true;
    return client;
  });
  // Connection 0 is handed on 9 times (3 × the pool's size) to younger waiters whose home it is…
  let current = held[0] as AffineClient;
  for (const regular of regulars.slice(0, 9)) {
    const next = pool.acquire(regular);
    current.release();
    current = await next;
    expect(await pidOf(current)).toBe(pids[0]);
    expect(strangerServed).toBe(false);
  }
  // …then the stranger gets it, although a waiter whose home it is came in behind.
  const regularAfter = pool.acquire(regulars[9] as string);
  current.release();
  const strangers = await waiting;
  expect(await pidOf(strangers)).toBe(pids[0]);
  strangers.release();
  (await regularAfter).release();
  for (const client of held.slice(1)) client.release();
});
