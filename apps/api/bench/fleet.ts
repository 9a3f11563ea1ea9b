/**
 * pnpm bench:fleet [--steps 100,500,1000,2000] [--rate 100] [--duration 15] [--warmup 3] [--settle 900] [--keep] [--reuse <database>]
 *                  [--only-api] [--unsafe-fast-growth]
 *
 * Grows a fleet of starter tenants (with their demo data) in a scratch database, step by step, and
 * at each step measures what the fleet's size costs: provisioning time per tenant, catalog size,
 * database size and files on disk, a checkpoint, dropping a tenant, autovacuum's work, and the API
 * serving requests for ONE tenant against the same requests SPREAD over every tenant of the step
 * (at a fixed rate and at max throughput), with the private memory of the API's backends after
 * each. Not a test: it prints figures and writes them, with charts, to reports/fleet-<time>/.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { wholeNumber } from "@erp/cli-kit";
import {
  apiRoleName,
  dropDatabase,
  dropRolesWithPrefix,
  openPlatform,
  randomSuffix,
  recreateDatabase,
  repoRoot,
  resolveDatabaseTarget,
  withDatabase,
} from "@erp/db";
import { formatMs, lineChart, summarize } from "@erp/metrics";
import { seedDemoData } from "@erp/seed";
import { deprovisionTenant, provisionMany, provisionTenant } from "@erp/tenancy";
import type autocannon from "autocannon";
import { Command, InvalidArgumentError } from "commander";
import pg from "pg";
import { fixedRate, maxThroughput, type Run } from "./load.ts";
import { startChild } from "./startChild.ts";

const flags = new Command("bench:fleet")
  .description("Grows a fleet of tenants in steps and measures, at each, what its size costs the database and the API.")
  .option(
    "--steps <list>",
    "fleet sizes to measure at, ascending, comma-separated",
    (value) => {
      const steps = value.split(",").map((item) => wholeNumber("--steps", 1, 100_000)(item.trim()));
      if (steps.some((step, index) => index > 0 && step <= (steps[index - 1] ?? 0))) {
        throw new InvalidArgumentError("--steps: the sizes must be ascending.");
      }
      return steps;
    },
    [100, 500, 1000, 2000],
  )
  .option("--rate <n>", "requests per second of the fixed-rate runs", wholeNumber("--rate", 1, 10_000), 100)
  .option("--duration <s>", "seconds of each run", wholeNumber("--duration", 1, 600), 15)
  .option(
    "--warmup <s>",
    "seconds at max throughput before the measured runs, on each fresh API process (its backends' caches are built then; the run is reported as the warm-up)",
    wholeNumber("--warmup", 1, 3600),
    3,
  )
  .option(
    "--unsafe-fast-growth",
    "grow with fsync, full_page_writes and synchronous_commit off, restored before measuring: a crash meanwhile can corrupt the whole server, so only on a scratch server (the embedded one); if interrupted while growing, restore them with ALTER SYSTEM RESET",
  )
  .option(
    "--settle <s>",
    "seconds at most to wait for autovacuum to go quiet before measuring the API",
    wholeNumber("--settle", 0, 7200),
    900,
  )
  .option("--connections <n>", "requests in flight in the max-throughput runs", wholeNumber("--connections", 1, 512), 32)
  .option("--pool <n>", "the API's database connections", wholeNumber("--pool", 1, 100), 10)
  .option("--concurrency <n>", "tenants provisioned at once while growing", wholeNumber("--concurrency", 1, 16), 2)
  .option("--probes <n>", "tenants provisioned and dropped one at a time at each step", wholeNumber("--probes", 1, 100), 5)
  .option("--only-api", "measure only the API at each step (no checkpoint, catalog, provisioning or drop figures)")
  .option("--keep", "keep the fleet's database afterwards (to measure again with --reuse); otherwise it is dropped")
  .option("--reuse <database>", "measure on a fleet kept by an earlier --keep run (grown further if a step needs it)")
  .option("--api-env <list>", "settings for the API process, NAME=value comma-separated (e.g. to compare pool settings)", "")
  .parse()
  .opts<{
    steps: number[];
    rate: number;
    duration: number;
    warmup: number;
    settle: number;
    unsafeFastGrowth?: boolean;
    connections: number;
    pool: number;
    concurrency: number;
    probes: number;
    onlyApi?: boolean;
    keep?: boolean;
    reuse?: string;
    apiEnv: string;
  }>();
if (flags.reuse !== undefined && !/^erp_fleet_[a-z0-9]+$/.test(flags.reuse)) {
  console.error("--reuse: expected the name of a kept fleet database (erp_fleet_<suffix>), as printed by a --keep run.");
  process.exit(2);
}
const apiEnv = Object.fromEntries(
  flags.apiEnv
    .split(",")
    .filter((item) => item.trim() !== "")
    .map((item) => {
      const [name, ...value] = item.split("=");
      if (!name || !/^[A-Z_][A-Z0-9_]*$/.test(name.trim()) || value.length === 0) {
        console.error(`--api-env: '${item}' is not NAME=value.`);
        process.exit(2);
      }
      return [name.trim(), value.join("=")];
    }),
);

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const target = await resolveDatabaseTarget(log);
const adminUrl = withDatabase(target.url, "postgres");
const suffix = flags.reuse?.slice("erp_fleet_".length) ?? randomSuffix();
const database = `erp_fleet_${suffix}`;
// Slugs and roles are named after the database, so a fleet's roles (cluster-wide) are found and dropped with it.
const prefix = `f${suffix}_`;
const slugOf = (index: number) => `${prefix}${String(index).padStart(5, "0")}`;
const admin = { email: "admin@fleet.test", password: "fleet-password-123" };
if (!flags.reuse) await recreateDatabase(adminUrl, database);
const platform = await openPlatform({
  url: withDatabase(target.url, database),
  statementTimeout: "DISABLE_TIMEOUT",
  maxPoolSize: flags.concurrency + 2,
});
// Catalog and statistics queries go through a bare client: they read pg_catalog, not tenant rows.
const bare = new pg.Pool({ connectionString: platform.url, max: 2 });
const one = async <T>(text: string, values: unknown[] = []) => (await bare.query(text, values)).rows[0] as T;

const outDir = join(
  repoRoot,
  "reports",
  `fleet-${new Date()
    .toISOString()
    .replace(/[:.]/g, "-")
    .replace(/-\d{3}Z$/, "Z")}`,
);
await mkdir(outDir, { recursive: true });

/** What the fleet's size costs the database (left out with --only-api). */
type Growth = {
  provision: { built: number; perTenantP50: number; perTenantP95: number; tenantsPerSecond: number } | null;
  catalog: { pgClass: number; pgAttribute: number; catalogBytes: number; databaseBytes: number; files: number };
  checkpointMs: number;
  /** One more tenant (starter, demo data) and dropping one, at this size, one at a time. */
  singleMs: { p50: number; max: number };
  dropMs: { p50: number; max: number };
  autovacuum: { runs: number; ms: number };
};
type Step = {
  tenants: number;
  growth: Growth | null;
  api: Record<"one" | "spread", { warmup: Run; fixed: Run; max: Run; backendRssMb: { max: number; sum: number; backends: number } }>;
};
const steps: Step[] = [];

let existing = Number(
  (
    await one<{ n: string }>("SELECT count(*) AS n FROM platform.tenants WHERE slug LIKE $1 AND status <> 'deprovisioned'", [
      `${prefix.replaceAll("_", "\\_")}%`,
    ])
  ).n,
);
log(`Fleet database ${database}: ${existing} tenants to start with.`);
const dataDirectory = (await one<{ data_directory: string }>("SHOW data_directory")).data_directory;
const databaseOid = (await one<{ oid: number }>("SELECT oid::int FROM pg_database WHERE datname = current_database()")).oid;

async function grow(to: number): Promise<Growth["provision"]> {
  if (existing >= to) return null;
  const inputs = Array.from({ length: to - existing }, (_, index) => ({
    slug: slugOf(existing + index + 1),
    tier: "starter" as const,
    admin,
    seedDemoData: true,
  }));
  log(`Provisioning tenants ${existing + 1}–${to} (starter, demo data, ${flags.concurrency} at once)…`);
  const started = performance.now();
  let done = 0;
  if (flags.unsafeFastGrowth) await setDurability("off");
  const results = await provisionMany(platform, inputs, {
    concurrency: flags.concurrency,
    seeder: seedDemoData,
    onResult: (result) => {
      if (!result.ok) throw result.error;
      if (++done % 100 === 0) log(`  ${existing + done} of ${to}`);
    },
  }).finally(() => (flags.unsafeFastGrowth ? setDurability("on") : undefined));
  const failed = results.find((result) => !result.ok);
  if (failed && !failed.ok) throw failed.error;
  const seconds = (performance.now() - started) / 1000;
  const ms = summarize(results.map((result) => result.ms));
  existing = to;
  return { built: results.length, perTenantP50: ms.p50, perTenantP95: ms.p95, tenantsPerSecond: results.length / seconds };
}

/**
 * --unsafe-fast-growth: a new relation's file must be flushed at the next checkpoint (≈ 1,950 per
 * tenant; this machine's disk flushes ≈ 530 a second), which bounds sustained onboarding to
 * ≈ 0.3 tenants/s, so 2,000 tenants take two hours. Without fsync the growth is bound by CPU.
 * The settings are server-wide (ALTER SYSTEM), restored when the growth ends or fails, and a
 * CHECKPOINT with fsync back on follows: measurements run on a durable server again. A process
 * interrupted while growing (Ctrl-C under pnpm ends it before any handler could finish) leaves
 * them off, and ALTER SYSTEM outlives restarts: `ALTER SYSTEM RESET fsync` (and the other two),
 * then `SELECT pg_reload_conf()`, restores them.
 */
async function setDurability(mode: "on" | "off"): Promise<void> {
  const settings = ["fsync", "full_page_writes", "synchronous_commit"];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const name of settings) await admin.query(mode === "off" ? `ALTER SYSTEM SET ${name} = off` : `ALTER SYSTEM RESET ${name}`);
    await admin.query("SELECT pg_reload_conf()");
    if (mode === "on") {
      log("Durability back on; checkpoint…");
      await admin.query("CHECKPOINT");
    } else {
      log("Durability off while growing (--unsafe-fast-growth).");
    }
  } finally {
    await admin.end();
  }
}

async function catalogSize(): Promise<Growth["catalog"]> {
  const sizes = await one<{ pg_class: string; pg_attribute: string; catalog: string; database: string }>(`
    SELECT (SELECT count(*) FROM pg_class) AS pg_class, (SELECT count(*) FROM pg_attribute) AS pg_attribute,
      (SELECT sum(pg_total_relation_size(oid)) FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r') AS catalog,
      pg_database_size(current_database()) AS database`);
  const files = (await readdir(join(dataDirectory, "base", String(databaseOid)))).length;
  return {
    pgClass: Number(sizes.pg_class),
    pgAttribute: Number(sizes.pg_attribute),
    catalogBytes: Number(sizes.catalog),
    databaseBytes: Number(sizes.database),
    files,
  };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Autovacuum's and autoanalyze's runs and time so far, over every table of the database. */
async function autovacuumSoFar(): Promise<{ runs: number; ms: number }> {
  const row = await one<{ runs: string; ms: string }>(`
    SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) AS runs,
      coalesce(sum(total_autovacuum_time + total_autoanalyze_time), 0) AS ms
    FROM pg_stat_all_tables`);
  return { runs: Number(row.runs), ms: Number(row.ms) };
}

// ── The API: tokens per tenant (kept across steps), the read mix per tenant. ─────────────────
type Target = { slug: string; token: string; productIds: string[]; orderIds: string[] };
const targets: Target[] = [];
const tokenSecret = "fleet-token-secret-0123456789abcdef";

async function startApi() {
  return startChild(["src/main.ts"], {
    DATABASE_URL: platform.url,
    PORT: "0",
    DB_POOL_SIZE: String(flags.pool),
    TOKEN_SECRET: tokenSecret,
    TOKEN_TTL_SECONDS: String(24 * 3600),
    OPERATOR_KEY: "fleet-operator-key-0123456789",
    LOG_LEVEL: "info",
    NODE_ENV: "production",
    ...apiEnv,
  });
}

async function signIn(port: number, slug: string): Promise<string> {
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${port}/trpc/auth.login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenant: slug, email: admin.email, password: admin.password }),
    });
    if (response.status === 503 || response.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get("retry-after") ?? 1)));
      continue;
    }
    if (!response.ok) throw new Error(`Signing in to ${slug} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { result: { data: { token: string } } }).result.data.token;
  }
}

async function addTargets(port: number, upTo: number): Promise<void> {
  const missing = Array.from({ length: upTo - targets.length }, (_, index) => slugOf(targets.length + index + 1));
  if (missing.length === 0) return;
  log(`Signing in to ${missing.length} more tenants…`);
  for (let index = 0; index < missing.length; index += 4) {
    const batch = missing.slice(index, index + 4);
    const signed = await Promise.all(
      batch.map(async (slug) => {
        const schema = `tenant_${slug}`;
        const ids = async (table: string) =>
          (await bare.query<{ id: string }>(`SELECT id FROM "${schema}"."${table}" ORDER BY id LIMIT 50`)).rows.map((row) => row.id);
        return { slug, token: await signIn(port, slug), productIds: await ids("products"), orderIds: await ids("orders") };
      }),
    );
    targets.push(...signed);
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
const trpcGet = (path: string, input: unknown) => `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** The read mix of `bench:api` (39 % list products, 39 % get product, 22 % get order), for one of `among`. */
function readFor(among: readonly Target[]): autocannon.Request {
  const tenant = pick(among);
  const headers = { authorization: `Bearer ${tenant.token}`, "content-type": "application/json" };
  const roll = Math.random();
  if (roll < 0.39 || tenant.productIds.length === 0) {
    return { method: "GET", headers, path: trpcGet("catalog.products.list", { limit: 20 }) };
  }
  if (roll < 0.78 || tenant.orderIds.length === 0) {
    return { method: "GET", headers, path: trpcGet("catalog.products.get", { id: pick(tenant.productIds) }) };
  }
  return { method: "GET", headers, path: trpcGet("sales.orders.get", { id: pick(tenant.orderIds) }) };
}

/** Private memory (RssAnon) of the API's backends: what each has cached for the tenants it served. */
async function backendMemory(): Promise<{ max: number; sum: number; backends: number }> {
  const pids = (
    await bare.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE usename = $1 AND datname = current_database()", [apiRoleName])
  ).rows.map((row) => row.pid);
  const megabytes = await Promise.all(
    pids.map(async (pid) => {
      const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
      return Number(/RssAnon:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    }),
  );
  return { max: Math.max(0, ...megabytes), sum: megabytes.reduce((total, value) => total + value, 0), backends: pids.length };
}

/**
 * Waits until autovacuum has no worker busy in this database (polled every 5 s, at most
 * `limitSeconds`): after a growth it analyses every new tenant's demo tables for minutes, and a
 * run measured meanwhile shares the two cores with it (one tenant went from 1,026 to 1,623 req/s
 * between two runs that differed only by that).
 */
async function settleAutovacuum(limitSeconds: number): Promise<void> {
  const started = performance.now();
  let quietPolls = 0;
  while (quietPolls < 2 && performance.now() - started < limitSeconds * 1000) {
    const { busy } = await one<{ busy: string }>(
      "SELECT count(*) AS busy FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = current_database()",
    );
    quietPolls = Number(busy) === 0 ? quietPolls + 1 : 0;
    if (quietPolls < 2) await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  log(
    quietPolls >= 2
      ? `Autovacuum quiet after ${formatMs(performance.now() - started)}.`
      : `Autovacuum still busy after ${limitSeconds} s; measuring anyway.`,
  );
}

async function measureApi(tenants: number): Promise<Step["api"]> {
  await settleAutovacuum(flags.settle);
  const signer = await startApi();
  try {
    await addTargets(signer.port, tenants);
  } finally {
    signer.child.kill("SIGTERM");
  }
  const among = targets.slice(0, tenants);
  const result = {} as Step["api"];
  // Each mode on a fresh API process, so its backends start with nothing cached.
  for (const mode of ["one", "spread"] as const) {
    const server = await startApi();
    try {
      const next = () => readFor(mode === "one" ? among.slice(0, 1) : among);
      log(
        `API, ${mode === "one" ? "one tenant" : `spread over ${tenants} tenants`}: warm-up ${flags.warmup} s, then ${flags.rate} req/s and max throughput, ${flags.duration} s each…`,
      );
      const warmup = await maxThroughput(server.port, flags.warmup, flags.connections, next);
      log(`  warm-up: ${warmup.rps.toFixed(0)} req/s, p95 ${formatMs(warmup.p95)}`);
      const fixed = await fixedRate(server.port, flags.duration, flags.rate, next);
      const max = await maxThroughput(server.port, flags.duration, flags.connections, next);
      result[mode] = { warmup, fixed, max, backendRssMb: await backendMemory() };
    } finally {
      server.child.kill("SIGTERM");
    }
  }
  return result;
}

// ── The steps. ───────────────────────────────────────────────────────────────────────────────
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
try {
  let autovacuumBefore = await autovacuumSoFar();
  for (const size of flags.steps) {
    const provision = await grow(size);
    let growth: Growth | null = null;
    if (!flags.onlyApi) {
      await settleAutovacuum(flags.settle);
      log(`Checkpoint…`);
      const checkpointMs = await timed(() => bare.query("CHECKPOINT"));
      const catalog = await catalogSize();
      log(
        `${size} tenants: pg_class ${catalog.pgClass.toLocaleString("en-US")} rows, pg_attribute ${catalog.pgAttribute.toLocaleString("en-US")}, catalog ${mb(catalog.catalogBytes)}, database ${mb(catalog.databaseBytes)}, ${catalog.files.toLocaleString("en-US")} files; checkpoint ${formatMs(checkpointMs)}.`,
      );
      // Provisioning and dropping one tenant at this fleet size, one at a time (the bulk figures
      // above depend on the concurrency and on what else the machine runs): extra tenants, so the
      // fleet keeps its size.
      const probeMs: number[] = [];
      const dropsMs: number[] = [];
      for (let probe = 0; probe < flags.probes; probe++) {
        const extra = `${prefix}x${randomSuffix()}`;
        probeMs.push(
          await timed(() =>
            provisionTenant(platform, { slug: extra, tier: "starter", admin, seedDemoData: true }, { seeder: seedDemoData }),
          ),
        );
        dropsMs.push(await timed(() => deprovisionTenant(platform, extra)));
      }
      const single = summarize(probeMs);
      const drop = summarize(dropsMs);
      log(`${size} tenants: one more tenant p50 ${formatMs(single.p50)}, dropping one p50 ${formatMs(drop.p50)} (${flags.probes} each).`);
      const autovacuumNow = await autovacuumSoFar();
      growth = {
        provision,
        catalog,
        checkpointMs,
        singleMs: { p50: single.p50, max: single.max },
        dropMs: { p50: drop.p50, max: drop.max },
        autovacuum: { runs: autovacuumNow.runs - autovacuumBefore.runs, ms: autovacuumNow.ms - autovacuumBefore.ms },
      };
      autovacuumBefore = autovacuumNow;
    }
    const api = await measureApi(size);
    steps.push({ tenants: size, growth, api });
    log(
      `${size} tenants: one tenant max ${api.one.max.rps.toFixed(0)} req/s, spread max ${api.spread.max.rps.toFixed(0)} req/s (${(api.spread.max.rps / api.one.max.rps).toFixed(2)}×); at ${flags.rate}/s p95 ${formatMs(api.one.fixed.p95)} vs ${formatMs(api.spread.fixed.p95)}; backend memory max ${api.one.backendRssMb.max.toFixed(0)} vs ${api.spread.backendRssMb.max.toFixed(0)} MB.`,
    );
    await writeResults();
  }
} finally {
  await bare.end();
  await platform.pool.end();
  if (flags.keep) {
    log(`Kept the fleet: measure it again with --reuse ${database} (add --keep to keep it again; without, it is dropped after).`);
  } else {
    log("Dropping the fleet's database and roles…");
    await dropDatabase(adminUrl, database);
    await dropRolesWithPrefix(adminUrl, `tenant_${prefix}`);
  }
}

async function writeResults(): Promise<void> {
  const lines: string[] = [];
  const row = (cells: (string | number)[]) => lines.push(`| ${cells.join(" | ")} |`);
  lines.push(`# Fleet: ${new Date().toISOString()}`, "");
  lines.push(
    `Starter tenants with demo data; API pool ${flags.pool}; a warm-up of ${flags.warmup} s at max throughput, then runs of ${flags.duration} s; read mix 39 % list products / 39 % get product / 22 % get order; ${flags.connections} in flight at max throughput.${flags.apiEnv ? ` API settings: ${flags.apiEnv}.` : ""}`,
    "",
  );
  lines.push(
    "| tenants | built | per tenant p50 / p95 | tenants/s | one more (p50) | drop one (p50) | pg_class | pg_attribute | catalog | database | files | checkpoint | autovacuum runs / time |",
  );
  lines.push("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const { tenants, growth: step } of steps) {
    if (!step) continue;
    row([
      tenants,
      step.provision?.built ?? 0,
      step.provision ? `${formatMs(step.provision.perTenantP50)} / ${formatMs(step.provision.perTenantP95)}` : "-",
      step.provision ? step.provision.tenantsPerSecond.toFixed(2) : "-",
      formatMs(step.singleMs.p50),
      formatMs(step.dropMs.p50),
      step.catalog.pgClass.toLocaleString("en-US"),
      step.catalog.pgAttribute.toLocaleString("en-US"),
      mb(step.catalog.catalogBytes),
      mb(step.catalog.databaseBytes),
      step.catalog.files.toLocaleString("en-US"),
      formatMs(step.checkpointMs),
      `${step.autovacuum.runs} / ${formatMs(step.autovacuum.ms)}`,
    ]);
  }
  lines.push("");
  lines.push(
    `| tenants | mode | warm-up req/s, p95 | @${flags.rate}/s p50 / p95 / p99 | max req/s | max p50 / p95 / p99 | failed | backends' private memory max / sum |`,
  );
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const step of steps) {
    for (const mode of ["one", "spread"] as const) {
      const api = step.api[mode];
      row([
        step.tenants,
        mode === "one" ? "one tenant" : "spread",
        `${api.warmup.rps.toFixed(0)}, ${formatMs(api.warmup.p95)}`,
        `${formatMs(api.fixed.p50)} / ${formatMs(api.fixed.p95)} / ${formatMs(api.fixed.p99)}`,
        api.max.rps.toFixed(0),
        `${formatMs(api.max.p50)} / ${formatMs(api.max.p95)} / ${formatMs(api.max.p99)}`,
        api.warmup.errors + api.fixed.errors + api.max.errors,
        `${api.backendRssMb.max.toFixed(0)} / ${api.backendRssMb.sum.toFixed(0)} MB (${api.backendRssMb.backends})`,
      ]);
    }
  }
  lines.push("");
  lines.push(
    `Spread / one tenant, max throughput: ${steps.map((step) => `${step.tenants}: ${(step.api.spread.max.rps / step.api.one.max.rps).toFixed(2)}×`).join(", ")}.`,
  );
  await writeFile(join(outDir, "fleet.md"), `${lines.join("\n")}\n`);
  await writeFile(join(outDir, "fleet.json"), `${JSON.stringify({ flags, steps }, null, 2)}\n`);
  const points = (value: (step: Step) => number) => steps.map((step) => ({ x: step.tenants, y: value(step) }));
  const grown = steps.filter((step) => step.growth);
  const growthPoints = (value: (growth: Growth) => number) =>
    grown.map((step) => ({ x: step.tenants, y: step.growth ? value(step.growth) : 0 }));
  const charts: Record<string, string> = {
    "throughput.svg": lineChart({
      title: "API throughput, one tenant vs spread over the fleet",
      xUnit: "tenants",
      yUnit: "req/s at max throughput",
      series: [
        { label: "one tenant", color: "#4e79a7", points: points((step) => step.api.one.max.rps) },
        { label: "spread over all", color: "#e15759", points: points((step) => step.api.spread.max.rps) },
      ],
    }),
    "latency.svg": lineChart({
      title: "API p95 at a fixed rate, one tenant vs spread over the fleet",
      xUnit: "tenants",
      yUnit: `p95 ms at ${flags.rate} req/s`,
      series: [
        { label: "one tenant", color: "#4e79a7", points: points((step) => step.api.one.fixed.p95) },
        { label: "spread over all", color: "#e15759", points: points((step) => step.api.spread.fixed.p95) },
      ],
    }),
    "backend-memory.svg": lineChart({
      title: "Private memory of the API backends, one tenant vs spread",
      xUnit: "tenants",
      yUnit: "MB private per backend (max)",
      series: [
        { label: "one tenant", color: "#4e79a7", points: points((step) => step.api.one.backendRssMb.max) },
        { label: "spread over all", color: "#e15759", points: points((step) => step.api.spread.backendRssMb.max) },
      ],
    }),
    "catalog.svg": lineChart({
      title: "Catalog and database size by tenants in the fleet",
      xUnit: "tenants",
      yUnit: "MB",
      series: [
        { label: "catalog", color: "#4e79a7", points: growthPoints((growth) => growth.catalog.catalogBytes / 1024 / 1024) },
        { label: "database", color: "#f28e2b", points: growthPoints((growth) => growth.catalog.databaseBytes / 1024 / 1024) },
      ],
    }),
    "provisioning.svg": lineChart({
      title: "One more tenant, dropping one, and a checkpoint, by tenants in the fleet",
      xUnit: "tenants in the fleet",
      yUnit: "ms per tenant",
      series: [
        { label: "one more tenant (p50)", color: "#4e79a7", points: growthPoints((growth) => growth.singleMs.p50) },
        { label: "drop one (p50)", color: "#b07aa1", points: growthPoints((growth) => growth.dropMs.p50) },
        { label: "checkpoint", color: "#59a14f", points: growthPoints((growth) => growth.checkpointMs) },
      ],
    }),
  };
  for (const [file, svg] of Object.entries(charts)) await writeFile(join(outDir, file), svg);
  log(`Wrote ${join("reports", outDir.split("/reports/")[1] ?? outDir, "fleet.md")} and its charts.`);
}
