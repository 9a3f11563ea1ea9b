import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wholeNumber } from "@erp/cli-kit";
import { createDbPool, openPlatform } from "@erp/db";
import { createInvoice, createReceipt, createShipment } from "@erp/erp";
import { formatMs, ratio, summarize } from "@erp/metrics";
import { findTenant, provisionTenant } from "@erp/tenancy";
import { Command } from "commander";
import pLimit from "p-limit";
import { sql } from "slonik";
import { z } from "zod";
import { startChild } from "./startChild.ts";
import { type Script, statementRecorder } from "./statementReplay.ts";
import type { FloorScripts } from "./workflowsFloor.ts";

// `pnpm bench:workflows`: posting latency of the order-to-cash operations (shipment, invoice,
// receipt) through the API over HTTP, at a fixed arrival rate and at max throughput, against their
// floor: the statements the operations send, replayed through a bare pg pool, one transaction per
// request (bench/statementReplay.ts). Not a test: it prints figures. Every request posts a new
// document of the same shape (an order of 2 widgets and 1 mug, prepared before the runs).

const flags = new Command("bench:workflows")
  .description("Posting latency of shipments, invoices and receipts through the API, against the same SQL through a bare pg pool.")
  .option("--rate <n>", "requests per second of the fixed-rate runs", wholeNumber("--rate", 1, 10_000), 100)
  .option(
    "--duration <s>",
    "seconds of each fixed-rate run (its documents also feed the max-throughput run)",
    wholeNumber("--duration", 1, 600),
    20,
  )
  .option("--connections <n>", "requests in flight in the max-throughput runs", wholeNumber("--connections", 1, 512), 16)
  .option("--pool <n>", "database connections of each server", wholeNumber("--pool", 1, 100), 10)
  .parse()
  .opts<{ rate: number; duration: number; connections: number; pool: number }>();

const log = (line: string) => console.log(line);
const operations = ["shipment", "invoice", "receipt"] as const;
type Operation = (typeof operations)[number];

// ── The tenant: growth, without demo data (reused by later runs of the same template version). ───
const platform = await openPlatform({ log });
const slug = `bench_workflows_v${platform.templateVersionNumber ?? 0}`;
const password = "bench-password-123";
const tenant =
  (await findTenant(platform.pool, slug)) ??
  (await provisionTenant(platform, { slug, tier: "growth", admin: { email: "bench@bench.test", password } })).tenant;
const schema = tenant.schemaName;
const adminId = await platform.pool.oneFirst(
  sql.type(z.object({ id: z.uuid() }))`SELECT id FROM ${sql.identifier([schema, "users"])} ORDER BY created_at LIMIT 1`,
);

const api = await startChild(["src/main.ts"], {
  DATABASE_URL: platform.url,
  PORT: "0",
  DB_POOL_SIZE: String(flags.pool),
  TOKEN_SECRET: "bench-token-secret-0123456789abcdef",
  OPERATOR_KEY: "bench-operator-key-0123456789",
  // "listening" is an info line; the request lines that follow cost the API what they cost bench:api.
  LOG_LEVEL: "info",
  NODE_ENV: "production",
});

// ── HTTP: keep-alive connections, one JSON POST per request. ─────────────────────────────────────
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
type Answer = { status: number; body: string };
function post(port: number, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: "127.0.0.1", port, agent, method: "POST", path, headers: { "content-type": "application/json", ...headers } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on("error", (error) => resolve({ status: 0, body: String(error) }));
    request.end(JSON.stringify(body));
  });
}

const login = await post(api.port, "/trpc/auth.login", { tenant: slug, email: "bench@bench.test", password });
const auth = { authorization: `Bearer ${(JSON.parse(login.body) as { result: { data: { token: string } } }).result.data.token}` };
/** A tRPC mutation of the API, for setup: its output, or an error naming the procedure. */
async function mutate<T>(procedure: string, input: unknown): Promise<T> {
  const answer = await post(api.port, `/trpc/${procedure}`, input, auth);
  if (answer.status !== 200) throw new Error(`${procedure} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return (JSON.parse(answer.body) as { result: { data: T } }).result.data;
}

// ── Setup (not measured): goods, stock, a customer, and confirmed orders for every request. ────
const perRun = flags.rate * flags.duration;
// Four runs (API and floor, fixed rate and max) of `perRun` documents each, and one to capture.
const orderCount = 4 * perRun + 1;
const tag = Math.random().toString(36).slice(2, 8);
const warehouse = await mutate<{ id: string }>("inventory.warehouses.create", { code: `WB${tag}`, name: `Bench ${tag}` });
const goods = [
  { sku: `BW-WIDGET-${tag}`, price: "3.33", quantity: 2 },
  { sku: `BW-MUG-${tag}`, price: "12.50", quantity: 1 },
];
const productIds: string[] = [];
for (const item of goods) {
  const product = await mutate<{ id: string }>("catalog.products.create", {
    sku: item.sku,
    name: item.sku,
    base_price: item.price,
    status: "active",
  });
  productIds.push(product.id);
  await mutate("inventory.stock.receive", {
    product_id: product.id,
    warehouse_id: warehouse.id,
    quantity: item.quantity * orderCount,
    unit_cost: "2.00",
  });
}
const customer = await mutate<{ id: string }>("sales.customers.create", { name: `Bench customer ${tag}`, payment_terms_days: 30 });
log(`Preparing ${orderCount} confirmed orders on ${slug} (not measured)…`);
const orderIds = await pLimit(8).map(Array.from({ length: orderCount }), async () => {
  const order = await mutate<{ id: string }>("sales.orders.create", {
    customer_id: customer.id,
    warehouse_id: warehouse.id,
    lines: goods.map((item, index) => ({ product_id: productIds[index], quantity: item.quantity })),
  });
  await mutate("sales.orders.confirm", { id: order.id });
  return order.id;
});

// ── Capture: each operation once through a recording pool, on the first order. ─────────────────
const recorder = statementRecorder();
const recording = await createDbPool(platform.url, { interceptors: [recorder.interceptor], maxPoolSize: 1 });
const actor = { userId: adminId, requestId: null };
async function capture<T extends { id: string }>(operation: (tx: Parameters<typeof createShipment>[0]) => Promise<T>) {
  return recording.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT set_config('search_path', ${schema}, true)`);
    recorder.take();
    const output = await operation(tx);
    return { output, script: { statements: recorder.take(), outputId: output.id } satisfies Script };
  });
}
const captureOrder = orderIds.shift()!;
const shipmentCapture = await capture((tx) => createShipment(tx, { order_id: captureOrder }, actor));
const invoiceCapture = await capture((tx) => createInvoice(tx, { order_id: captureOrder }, actor));
const amount = invoiceCapture.output.grand_total;
const receiptInput = (invoiceId: string) => ({ customer_id: customer.id, amount, allocations: [{ invoice_id: invoiceId, amount }] });
const receiptCapture = await capture((tx) => createReceipt(tx, receiptInput(invoiceCapture.output.id), actor));
await recording.end();
const scripts: FloorScripts = {
  shipment: { script: shipmentCapture.script, inputKey: captureOrder, inputField: "order_id" },
  invoice: { script: invoiceCapture.script, inputKey: captureOrder, inputField: "order_id" },
  receipt: { script: receiptCapture.script, inputKey: invoiceCapture.output.id, inputField: "invoice_id" },
};
const scriptDir = await mkdtemp(join(tmpdir(), "bench-workflows-"));
const scriptFile = join(scriptDir, "scripts.json");
await writeFile(scriptFile, JSON.stringify(scripts));
const floor = await startChild(["bench/workflowsFloor.ts"], {
  FLOOR_DATABASE_URL: platform.url,
  FLOOR_SCHEMA: schema,
  FLOOR_POOL_SIZE: String(flags.pool),
  FLOOR_SCRIPTS: scriptFile,
});
await platform.pool.end();

// ── The requests: each takes one document and answers the next step's key. ─────────────────────
type Server = "api" | "floor";
const apiPaths: Record<Operation, string> = {
  shipment: "/trpc/sales.shipments.create",
  invoice: "/trpc/sales.invoices.create",
  receipt: "/trpc/sales.receipts.create",
};
/** Sends one operation on one document; answers the key the next operation takes (the order, the new invoice), or null. */
async function send(server: Server, operation: Operation, key: string): Promise<string | null> {
  const input = operation === "receipt" ? receiptInput(key) : { order_id: key };
  const answer =
    server === "api"
      ? await post(api.port, apiPaths[operation], input, auth)
      : await post(floor.port, `/${operation}`, operation === "receipt" ? { invoice_id: key } : input);
  if (answer.status !== 200) return null;
  if (operation !== "invoice") return key;
  const body = JSON.parse(answer.body) as { id?: string; result?: { data: { id: string } } };
  return body.result?.data.id ?? body.id ?? null;
}

type Run = { rps: number; p50: number; p95: number; p99: number; errors: number; requests: number; next: string[] };

/** Open loop: document i leaves at i / rate s whatever the earlier ones are doing; latency counts from its scheduled moment. */
async function fixedRate(server: Server, operation: Operation, keys: readonly string[]): Promise<Run> {
  const latencies: number[] = [];
  const next: string[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    keys.map(async (key, index) => {
      const scheduled = started + (index / flags.rate) * 1000;
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const answered = await send(server, operation, key);
      latencies.push(performance.now() - scheduled);
      if (answered === null) errors++;
      else next.push(answered);
    }),
  );
  return toRun(latencies, errors, (performance.now() - started) / 1000, next);
}

/** Closed loop: `connections` requests in flight until the documents run out. */
async function maxThroughput(server: Server, operation: Operation, keys: readonly string[]): Promise<Run> {
  const latencies: number[] = [];
  const next: string[] = [];
  let errors = 0;
  let cursor = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: flags.connections }, async () => {
      while (cursor < keys.length) {
        const key = keys[cursor++]!;
        const sent = performance.now();
        const answered = await send(server, operation, key);
        latencies.push(performance.now() - sent);
        if (answered === null) errors++;
        else next.push(answered);
      }
    }),
  );
  return toRun(latencies, errors, (performance.now() - started) / 1000, next);
}

function toRun(latencies: number[], errors: number, seconds: number, next: string[]): Run {
  const summary = summarize(latencies);
  return {
    rps: latencies.length / seconds,
    p50: summary.p50,
    p95: summary.p95,
    p99: summary.p99,
    errors,
    requests: latencies.length,
    next,
  };
}

const runs = new Map<string, Run>();
const blocks = [
  { server: "api", mode: "fixed" },
  { server: "api", mode: "max" },
  { server: "floor", mode: "fixed" },
  { server: "floor", mode: "max" },
] as const;
for (const [index, { server, mode }] of blocks.entries()) {
  // Each document goes shipment → invoice → receipt; a step's successes feed the next step.
  let keys: string[] = orderIds.slice(index * perRun, (index + 1) * perRun);
  for (const operation of operations) {
    log(
      `${server}: ${operation} ${mode === "fixed" ? `at ${flags.rate} req/s` : `at max throughput (${flags.connections} in flight)`}, ${keys.length} documents…`,
    );
    const run = await (mode === "fixed" ? fixedRate : maxThroughput)(server, operation, keys);
    runs.set(`${operation} ${server} ${mode}`, run);
    keys = run.next;
  }
}
for (const server of [api, floor]) server.child.kill("SIGTERM");
agent.destroy();
await rm(scriptDir, { recursive: true, force: true });

console.log("");
console.log(
  `Tenant ${slug} (growth); each document an order of 2 widgets and 1 mug; pool ${flags.pool}; fixed rate ${flags.rate} req/s over ${perRun} documents per operation; max throughput with ${flags.connections} in flight over as many.`,
);
console.log("api: the API over HTTP; floor: the statements the operation sent, replayed through a bare pg pool behind node:http.");
console.log("");
console.log("| operation | server | run | req/s | p50 | p95 | p99 | failed / requests |");
console.log("|---|---|---|---|---|---|---|---|");
for (const [name, run] of runs) {
  const [operation, server, mode] = name.split(" ");
  console.log(
    `| ${operation} | ${server} | ${mode === "fixed" ? `@${flags.rate}/s` : "max"} | ${run.rps.toFixed(0)} | ${formatMs(run.p50)} | ${formatMs(run.p95)} | ${formatMs(run.p99)} | ${run.errors} / ${run.requests} |`,
  );
}
console.log("");
for (const operation of operations) {
  const fixedApi = runs.get(`${operation} api fixed`);
  const fixedFloor = runs.get(`${operation} floor fixed`);
  const maxApi = runs.get(`${operation} api max`);
  const maxFloor = runs.get(`${operation} floor max`);
  if (!fixedApi || !fixedFloor || !maxApi || !maxFloor) continue;
  console.log(
    `${operation}: at ${flags.rate} req/s API p95 ${formatMs(fixedApi.p95)} (target ≤ 25 ms; floor ${formatMs(fixedFloor.p95)}, ${ratio(fixedApi.p95, fixedFloor.p95)}); max ${maxApi.rps.toFixed(0)} req/s = ${((maxApi.rps / maxFloor.rps) * 100).toFixed(0)} % of the floor's ${maxFloor.rps.toFixed(0)}.`,
  );
}
