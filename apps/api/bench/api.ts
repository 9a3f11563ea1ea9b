import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { openPlatform } from "@erp/db";
import { formatMs, ratio, summarize } from "@erp/metrics";
import { seedAtScale, seedDemoData } from "@erp/seed";
import { findTenant, provisionTenant } from "@erp/tenancy";
import autocannon from "autocannon";
import { Command, InvalidArgumentError } from "commander";
import { sql } from "slonik";
import { z } from "zod";

// `pnpm bench:api`: the API over HTTP against its floor (the same SQL through a bare pg pool behind
// node:http), same machine, same run, same enterprise tenant. Not a test: it prints figures.

const whole = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
  return n;
};
const targets = ["api", "confined", "floor"] as const;
type Target = (typeof targets)[number];
const flags = new Command("bench:api")
  .description("The API over HTTP against its floor (the same SQL through a bare pg pool behind node:http).")
  .option("--scale <n>", "volumes of the enterprise tenant, × its demo data", whole("--scale", 1, 1000), 100)
  .option("--rate <n>", "requests per second of the fixed-rate run", whole("--rate", 1, 10_000), 200)
  .option("--duration <s>", "seconds of each run", whole("--duration", 1, 600), 30)
  .option("--connections <n>", "requests in flight in the max-throughput run", whole("--connections", 1, 512), 32)
  .option("--pool <n>", "database connections of each server", whole("--pool", 1, 100), 10)
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
  .opts<{ scale: number; rate: number; duration: number; connections: number; pool: number; targets: Target[]; failOnErrors?: boolean }>();

const root = join(import.meta.dirname, "..");
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
await platform.pool.end();

// ── The two servers, each its own process (the load generator stays out of their event loop). ──
async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffered = "";
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    child.stdout?.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const entry = JSON.parse(line) as { msg?: string; url?: string; port?: number };
        if (entry.msg === "listening") resolve(entry.port ?? Number(new URL(entry.url ?? "").port));
      }
    });
  });
  return { child, port };
}

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
const claims = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString()) as { sid: string; sub: string };
const confined = await startChild(["bench/floorServer.ts"], {
  ...floorEnv,
  FLOOR_MODE: "confined",
  FLOOR_SESSION_ID: claims.sid,
  FLOOR_USER_ID: claims.sub,
});

// ── The workload: 70 % list/get products, 20 % get order with lines, 10 % create order. ─────────
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const trpcGet = (path: string, input: unknown) => `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;

function nextRequest(target: Target): autocannon.Request {
  const roll = Math.random();
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

type Run = { rps: number; p50: number; p95: number; p99: number; errors: number; requests: number };

function toRun(latencies: number[], errors: number, seconds: number): Run {
  const summary = summarize(latencies);
  return { rps: latencies.length / seconds, p50: summary.p50, p95: summary.p95, p99: summary.p99, errors, requests: latencies.length };
}

/**
 * Open loop at a fixed arrival rate: requests leave on schedule whether or not earlier ones have
 * answered, and latency counts from the scheduled moment, so a stall shows up in the percentiles
 * instead of slowing the load (autocannon's rate limit sends each second's requests in a burst).
 */
async function fixedRate(target: Target, port: number, seconds: number, rate: number): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const total = rate * seconds;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let answered = 0;
    const send = (scheduledAt: number) => {
      const next = nextRequest(target);
      const request = httpRequest(
        { host: "127.0.0.1", port, agent, method: next.method, path: next.path, headers: next.headers },
        (response) => {
          response.resume();
          response.on("end", () => {
            latencies.push(performance.now() - scheduledAt);
            if ((response.statusCode ?? 500) >= 400) errors++;
            if (++answered === total) resolve();
          });
        },
      );
      request.on("error", () => {
        errors++;
        if (++answered === total) resolve();
      });
      request.end(next.body);
    };
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) send(started + (sent / rate) * 1000);
      if (sent === total) clearInterval(timer);
    }, 1);
  });
  agent.destroy();
  return toRun(latencies, errors, seconds);
}

/** Closed loop, as fast as the server answers: `connections` requests in flight at all times. */
async function maxThroughput(target: Target, port: number, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: flags.connections,
        duration: seconds,
        requests: [{ setupRequest: (request) => ({ ...request, ...nextRequest(target) }) }],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 400) errors++;
    });
  });
  return toRun(latencies, errors, seconds);
}

const runs: Record<string, Run> = {};
const ports: Record<Target, number> = { api: api.port, confined: confined.port, floor: floor.port };
for (const target of flags.targets) {
  const port = ports[target];
  log(`Warming up ${target}…`);
  await maxThroughput(target, port, 3);
  log(`${target}: ${flags.rate} req/s for ${flags.duration} s…`);
  runs[`${target} @${flags.rate}/s`] = await fixedRate(target, port, flags.duration, flags.rate);
  log(`${target}: max throughput for ${flags.duration} s…`);
  runs[`${target} max`] = await maxThroughput(target, port, flags.duration);
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
const failed = Object.entries(runs).filter(([, run]) => run.errors > 0);
if (flags.failOnErrors && failed.length > 0) {
  console.error(`Requests failed: ${failed.map(([name, run]) => `${name} ${run.errors} / ${run.requests}`).join(", ")}.`);
  process.exitCode = 1;
}
