import { availableParallelism } from "node:os";
import { wholeNumber } from "@erp/cli-kit";
import { openPlatform } from "@erp/db";
import { formatMs, ratio, summarize } from "@erp/metrics";
import { seedAtScale, seedDemoData } from "@erp/seed";
import { findTenant, provisionTenant } from "@erp/tenancy";
import type autocannon from "autocannon";
import { Command, InvalidArgumentError } from "commander";
import { sql } from "slonik";
import { z } from "zod";
import { defaultSignInSettings } from "../src/auth/createSignInGuard.ts";
import { unverifiedClaimsOf } from "../src/auth/sessionToken.ts";
import { fixedRate, maxThroughput, type Run } from "./load.ts";
import { loginStorm, type StormTally } from "./loginStorm.ts";
import { startChild } from "./startChild.ts";

// `pnpm bench:api`: the API over HTTP against its floor (the same SQL through a bare pg pool behind
// node:http), same machine, same run, same enterprise tenant. Not a test: it prints figures.

const targets = ["api", "confined", "floor", "storm"] as const;
type Target = (typeof targets)[number];
const flags = new Command("bench:api")
  .description("The API over HTTP against its floor (the same SQL through a bare pg pool behind node:http).")
  .option("--scale <n>", "volumes of the enterprise tenant, × its demo data", wholeNumber("--scale", 1, 1000), 100)
  .option("--rate <n>", "requests per second of the fixed-rate run", wholeNumber("--rate", 1, 10_000), 200)
  .option("--duration <s>", "seconds of each run", wholeNumber("--duration", 1, 600), 30)
  .option("--connections <n>", "requests in flight in the max-throughput run", wholeNumber("--connections", 1, 512), 32)
  .option("--pool <n>", "database connections of each server", wholeNumber("--pool", 1, 100), 10)
  .option("--storm <n>", "sign-ins in flight during the login storms (target storm)", wholeNumber("--storm", 1, 1000), 50)
  .option(
    "--targets <list>",
    `which servers to measure, comma-separated (${targets.join(", ")})`,
    (value) => {
      const list = value.split(",").map((item) => item.trim());
      const unknown = list.find((item) => !(targets as readonly string[]).includes(item));
      if (unknown !== undefined) throw new InvalidArgumentError(`--targets: '${unknown}' is not one of ${targets.join(", ")}.`);
      return list as Target[];
    },
    [...targets],
  )
  .option("--fail-on-errors", "exit with status 1 when any request failed (CI's load through PgBouncer)")
  .parse()
  .opts<{
    scale: number;
    rate: number;
    duration: number;
    connections: number;
    pool: number;
    storm: number;
    targets: Target[];
    failOnErrors?: boolean;
  }>();

const log = (line: string) => console.log(line);

// ── The tenant: enterprise, demo data plus `scale` × its volumes (reused by later runs). ─────────
const platform = await openPlatform({ log });
const slug = `bench_api_s${flags.scale}`;
let tenant = await findTenant(platform.pool, slug);
if (!tenant) {
  log(`Provisioning ${slug} (enterprise, demo data) and seeding ${flags.scale}× its volumes: once, later runs reuse it…`);
  const password = "bench-password-123";
  const provisioned = await provisionTenant(
    platform,
    { slug, tier: "enterprise", admin: { email: "bench@bench.test", password }, seedDemoData: true },
    { seeder: seedDemoData },
  );
  tenant = provisioned.tenant;
  const seeded = await seedAtScale(platform.pool, { slug, scale: flags.scale });
  log(`Seeded ${seeded.rows.toLocaleString("en-US")} rows in ${formatMs(seeded.ms)}.`);
}
const schema = tenant.schemaName;
const table = (name: string) => sql.identifier([schema, name]);

// Ids the workload draws from, and stock for the orders it creates (setup, not measured).
const ids = z.object({ id: z.uuid() });
const productIds = await platform.pool.anyFirst(sql.type(ids)`SELECT id FROM ${table("products")} ORDER BY random() LIMIT 2000`);
const orderIds = await platform.pool.anyFirst(sql.type(ids)`SELECT id FROM ${table("orders")} ORDER BY random() LIMIT 2000`);
const customerIds = await platform.pool.anyFirst(sql.type(ids)`SELECT id FROM ${table("customers")} WHERE status = 'active' LIMIT 200`);
const stock = await platform.pool.any(sql.type(z.object({ variantId: z.uuid(), warehouseId: z.uuid() }))`
  UPDATE ${table("inventory")} i SET quantity_on_hand = quantity_on_hand + 1000000
  FROM (
    SELECT i.id FROM ${table("inventory")} i
    JOIN ${table("products")} p ON p.id = i.product_id JOIN ${table("product_variants")} v ON v.id = i.product_variant_id
    JOIN ${table("warehouses")} w ON w.id = i.warehouse_id
    WHERE p.is_sellable AND p.is_stockable AND p.status <> 'archived' AND v.status <> 'archived' AND w.status = 'active'
    ORDER BY random() LIMIT 200
  ) chosen WHERE i.id = chosen.id
  RETURNING i.product_variant_id AS "variantId", i.warehouse_id AS "warehouseId"`);
if (productIds.length === 0 || orderIds.length === 0 || customerIds.length === 0 || stock.length === 0) {
  throw new Error(`The tenant ${slug} lacks products, orders, customers or stock to run the workload.`);
}
const admin = await platform.pool.one(
  sql.type(z.object({ email: z.string() }))`SELECT email FROM ${table("users")} ORDER BY created_at LIMIT 1`,
);
// The tenant the login storms aim at (not the one whose reads are measured), with a user per
// storm client, all with the admin's password (its hash copied: setup, not measured).
const storm = { tenant: "bench_storm", email: "storm@bench.test", password: "bench-storm-password-123" };
const stormUser = (client: number) => `storm-${client}@bench.test`;
if (flags.targets.includes("storm")) {
  const found = await findTenant(platform.pool, storm.tenant);
  const stormTenant =
    found ??
    (await provisionTenant(platform, { slug: storm.tenant, tier: "starter", admin: { email: storm.email, password: storm.password } }))
      .tenant;
  const users = sql.identifier([stormTenant.schemaName, "users"]);
  await platform.pool.query(sql.unsafe`
    INSERT INTO ${users} (email, display_name, password_hash)
    SELECT 'storm-' || n || '@bench.test', 'Storm ' || n, (SELECT password_hash FROM ${users} WHERE email = ${storm.email})
    FROM generate_series(0, ${flags.storm - 1}) AS n
    ON CONFLICT (email) DO NOTHING`);
}
await platform.pool.end();

// ── The two servers, each its own process (the load generator stays out of their event loop). ──

const api = await startChild(["src/main.ts"], {
  DATABASE_URL: platform.url,
  PORT: "0",
  DB_POOL_SIZE: String(flags.pool),
  TOKEN_SECRET: "bench-token-secret-0123456789abcdef",
  OPERATOR_KEY: "bench-operator-key-0123456789",
  LOG_LEVEL: "info",
  NODE_ENV: "production",
});
const floorEnv = { FLOOR_DATABASE_URL: platform.url, FLOOR_SCHEMA: schema, FLOOR_POOL_SIZE: String(flags.pool) };
const floor = await startChild(["bench/floorServer.ts"], floorEnv);

const login = await fetch(`http://127.0.0.1:${api.port}/trpc/auth.login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ tenant: slug, email: admin.email, password: "bench-password-123" }),
});
const token = ((await login.json()) as { result: { data: { token: string } } }).result.data.token;
// The confined floor checks the same session on every request as the API does.
const claims = unverifiedClaimsOf(token);
const confined = await startChild(["bench/floorServer.ts"], {
  ...floorEnv,
  FLOOR_MODE: "confined",
  FLOOR_SESSION_ID: claims.sid,
  FLOOR_USER_ID: claims.sub,
});

// ── The workload: 70 % list/get products, 20 % get order with lines, 10 % create order. ─────────
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const trpcGet = (path: string, input: unknown) => `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** The servers measured; `storm` measures the API again, under login storms. */
type Server = Exclude<Target, "storm">;

/** The next request of the mix; `readsOnly` leaves out the order creation (then 39 / 39 / 22 %). */
function nextRequest(target: Server, readsOnly = false): autocannon.Request {
  const roll = Math.random() * (readsOnly ? 0.9 : 1);
  const headers =
    target === "api" ? { authorization: `Bearer ${token}`, "content-type": "application/json" } : { "content-type": "application/json" };
  if (roll < 0.35) {
    const after = pick(productIds);
    return {
      method: "GET",
      headers,
      path: target === "api" ? trpcGet("catalog.products.list", { cursor: after, limit: 20 }) : `/products?after=${after}`,
    };
  }
  if (roll < 0.7) {
    const id = pick(productIds);
    return { method: "GET", headers, path: target === "api" ? trpcGet("catalog.products.get", { id }) : `/product?id=${id}` };
  }
  if (roll < 0.9) {
    const id = pick(orderIds);
    return { method: "GET", headers, path: target === "api" ? trpcGet("sales.orders.get", { id }) : `/order?id=${id}` };
  }
  const line = pick(stock);
  const body = JSON.stringify({
    customer_id: pick(customerIds),
    warehouse_id: line.warehouseId,
    lines: [{ product_variant_id: line.variantId, quantity: 1 }],
  });
  return { method: "POST", headers, path: target === "api" ? "/trpc/sales.orders.create" : "/orders", body };
}

const runs: Record<string, Run> = {};
const ports: Record<Server, number> = { api: api.port, confined: confined.port, floor: floor.port };
for (const target of flags.targets.filter((item): item is Server => item !== "storm")) {
  const port = ports[target];
  log(`Warming up ${target}…`);
  await maxThroughput(port, 3, flags.connections, () => nextRequest(target));
  log(`${target}: ${flags.rate} req/s for ${flags.duration} s…`);
  runs[`${target} @${flags.rate}/s`] = await fixedRate(port, flags.duration, flags.rate, () => nextRequest(target));
  log(`${target}: max throughput for ${flags.duration} s…`);
  runs[`${target} max`] = await maxThroughput(port, flags.duration, flags.connections, () => nextRequest(target));
}
// ── Login storms: the enterprise tenant's reads at the fixed rate, alone, then while `--storm`
// clients sign in to another tenant over and over: right passwords (the hashing bound's case),
// wrong ones for one account (the lockout's) and for any account (the address limit's).
const stormRuns: { name: string; reads: Run; storm?: StormTally }[] = [];
if (flags.targets.includes("storm")) {
  log("storm: warming up…");
  await maxThroughput(api.port, 3, flags.connections, () => nextRequest("api"));
  log(`storm: reads alone at ${flags.rate} req/s for ${flags.duration} s…`);
  stormRuns.push({ name: "calm", reads: await fixedRate(api.port, flags.duration, flags.rate, () => nextRequest("api", true)) });
  const guess = () => `guess-${Math.random()}`;
  const kinds = [
    { name: "right passwords, a user per client", credentials: (client: number) => ({ ...storm, email: stormUser(client) }) },
    { name: "wrong passwords, one account", credentials: () => ({ ...storm, password: guess() }) },
    { name: "wrong passwords, any account", credentials: () => ({ ...storm, email: `${guess()}@bench.test`, password: guess() }) },
  ];
  for (const kind of kinds) {
    log(`storm: reads at ${flags.rate} req/s while ${flags.storm} clients sign in (${kind.name}) for ${flags.duration} s…`);
    const [reads, tally] = await Promise.all([
      fixedRate(api.port, flags.duration, flags.rate, () => nextRequest("api", true)),
      loginStorm(api.port, flags.storm, flags.duration, kind.credentials),
    ]);
    stormRuns.push({ name: kind.name, reads, storm: tally });
  }
}
for (const server of [api, confined, floor]) server.child.kill("SIGTERM");

const row = (name: string, run: Run) =>
  `| ${name} | ${run.rps.toFixed(0)} | ${formatMs(run.p50)} | ${formatMs(run.p95)} | ${formatMs(run.p99)} | ${run.errors} / ${run.requests} |`;
console.log("");
console.log(
  `Tenant ${slug} (enterprise, scale ${flags.scale}); ${flags.connections} connections; pool ${flags.pool}; mix 35 % list / 35 % get product / 20 % get order / 10 % create order.`,
);
console.log(
  "api: the API over HTTP; confined: bare pg + node:http, each request in a tenant transaction opened by one simple-query string; floor: bare pg + node:http.",
);
console.log("");
console.log("| run | req/s | p50 | p95 | p99 | 4xx+5xx / requests |");
console.log("|---|---|---|---|---|---|");
for (const [name, run] of Object.entries(runs)) console.log(row(name, run));
const fixedApi = runs[`api @${flags.rate}/s`];
const fixedFloor = runs[`floor @${flags.rate}/s`];
const maxApi = runs["api max"];
const maxConfined = runs["confined max"];
const maxFloor = runs["floor max"];
console.log("");
if (fixedApi && fixedFloor) {
  console.log(
    `At ${flags.rate} req/s: API p95 ${formatMs(fixedApi.p95)} (target ≤ 20 ms, floor ${ratio(fixedApi.p95, fixedFloor.p95)}), p99 ${formatMs(fixedApi.p99)} (target ≤ 50 ms, floor ${ratio(fixedApi.p99, fixedFloor.p99)}).`,
  );
}
if (maxFloor) {
  const share = (run: Run) => `${((run.rps / maxFloor.rps) * 100).toFixed(0)} %`;
  if (maxApi) {
    console.log(
      `Max throughput: API ${maxApi.rps.toFixed(0)} req/s = ${share(maxApi)} of the floor's ${maxFloor.rps.toFixed(0)} req/s (target ≥ 60 %).`,
    );
  }
  if (maxConfined) {
    console.log(
      `The confined floor (bare pg, one-string BEGIN + settings + session check) reaches ${maxConfined.rps.toFixed(0)} req/s = ${share(maxConfined)}: what confinement itself costs; the rest of the API's gap is its stack.`,
    );
  }
}

if (stormRuns.length > 0) {
  const hashing = defaultSignInSettings();
  const calm = stormRuns[0]?.reads;
  const count = (tally: StormTally | undefined, status: number) => tally?.statuses[status] ?? 0;
  // Any other answer by status ("500×2"), and connections that failed: each one a finding.
  const others = (tally: StormTally | undefined) =>
    [
      ...Object.entries(tally?.statuses ?? {})
        .filter(([status]) => !["200", "401", "429", "503"].includes(status))
        .map(([status, n]) => `${status}×${n}`),
      ...(tally?.failed ? [`no answer×${tally.failed}`] : []),
    ].join(", ") || "0";
  console.log("");
  console.log(
    `Login storms: ${flags.storm} clients sign in to ${storm.tenant} over and over (a refused one waits its Retry-After, at most 1 s) while ${slug} is read at ${flags.rate} req/s (39 % list / 39 % get product / 22 % get order). Hashing: ${hashing.hashConcurrency} at once, ${hashing.hashQueue} waiting (the defaults on ${availableParallelism()} cores).`,
  );
  console.log("");
  console.log("| reads | p50 | p95 | p99 | p99 / calm | failed reads | sign-ins: 200 | 401 | 429 | 503 | other | admitted p50 / p99 |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const { name, reads, storm: tally } of stormRuns) {
    const admitted = tally ? summarize(tally.latencies) : undefined;
    console.log(
      `| ${name} | ${formatMs(reads.p50)} | ${formatMs(reads.p95)} | ${formatMs(reads.p99)} | ${calm ? (reads.p99 / calm.p99).toFixed(2) : "-"}× | ${reads.errors} / ${reads.requests} | ${tally ? `${count(tally, 200)} | ${count(tally, 401)} | ${count(tally, 429)} | ${count(tally, 503)} | ${others(tally)} | ${admitted ? `${formatMs(admitted.p50)} / ${formatMs(admitted.p99)}` : "-"}` : "- | - | - | - | - | -"} |`,
    );
  }
  console.log("");
  console.log("Target: read p99 under a storm ≤ 2× calm; no sign-in answered 5xx other than 503 with Retry-After.");
}

const failed = Object.entries(runs).filter(([, run]) => run.errors > 0);
if (flags.failOnErrors && failed.length > 0) {
  console.error(`Requests failed: ${failed.map(([name, run]) => `${name} ${run.errors} / ${run.requests}`).join(", ")}.`);
  process.exitCode = 1;
}
