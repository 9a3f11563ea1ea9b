/**
 * pnpm bench:provision [--runs N] [--tenants N] [--concurrency 1,2]
 * In one run, on one server, in a scratch database:
 *   (a) floor: the template DDL as ONE string through a bare `pg` client into a new schema, committed;
 *   (b) provisionTenant without demo data (schema, tables, role, auth, registry), committed;
 *   (d) provisionTenant claiming a pre-built schema from the warm pool (filled beforehand, untimed);
 *   (c) bulk: N tenants through provisionMany (the CLI's code) and N raw floor builds, at each
 *       concurrency, alternating in rounds of 10.
 * Drops happen outside the timed sections. Prints medians/p95, tenants/s and ratios to the floor.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { wholeNumber } from "@erp/cli-kit";
import {
  dropDatabase,
  dropRolesWithPrefix,
  loadTemplateSource,
  openPlatform,
  randomSuffix,
  recreateDatabase,
  repoRoot,
  resolveDatabaseTarget,
  withDatabase,
} from "@erp/db";
import { formatMs, ratio, summarize } from "@erp/metrics";
import { Command } from "commander";
import pg from "pg";
import { sql } from "slonik";
import { z } from "zod";
import { deprovisionTenant, drainWarmPool, fillWarmPool, provisionMany, provisionTenant } from "../src/index.ts";

const positive = (name: string) => wholeNumber(name, 1, 100_000);
const options = new Command()
  .option("--runs <n>", "single-tenant builds per method", positive("--runs"), 10)
  .option("--tenants <n>", "tenants per bulk run", positive("--tenants"), 200)
  .option("--concurrency <list>", "bulk concurrencies, comma-separated", "1,2")
  .parse()
  .opts<{ runs: number; tenants: number; concurrency: string }>();
const concurrencies = options.concurrency.split(",").map((value) => positive("--concurrency")(value.trim()));

const target = await resolveDatabaseTarget(console.error);
const adminUrl = withDatabase(target.url, "postgres");
const suffix = randomSuffix();
const database = `erp_bench_${suffix}`;
const prefix = `b${suffix}_`;
await recreateDatabase(adminUrl, database);
const platform = await openPlatform({
  url: withDatabase(target.url, database),
  statementTimeout: "DISABLE_TIMEOUT",
  maxPoolSize: Math.max(...concurrencies) + 1,
});
const source = await loadTemplateSource();
const ddl = (await Promise.all(source.files.map((file) => readFile(join(repoRoot, "db", "template", file.file), "utf8")))).join("\n");
const admin = { email: "admin@bench.test", password: "correct horse battery staple" };
const floorPool = new pg.Pool({ connectionString: platform.url, max: Math.max(...concurrencies) });

let serial = 0;
const nextSlug = () => `${prefix}${String(++serial).padStart(5, "0")}`;

async function rawBuild(schema: string): Promise<number> {
  const started = performance.now();
  await floorPool.query(`BEGIN; CREATE SCHEMA ${schema}; SET LOCAL search_path = ${schema};\n${ddl}\nCOMMIT;`);
  return performance.now() - started;
}

async function dropSchemas(schemas: readonly string[]) {
  // One per transaction: a drop takes ≈ 7,000 locks (docs/performance.md).
  for (const schema of schemas) await floorPool.query(`DROP SCHEMA ${schema} CASCADE`);
}

async function dropTenants(slugs: readonly string[]) {
  for (const slug of slugs) await deprovisionTenant(platform, slug);
}

try {
  // (a) and (b), alternating so drift on the machine hits both alike.
  const floor: number[] = [];
  const ours: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const schema = `floor_${prefix}${run}`;
    floor.push(await rawBuild(schema));
    await dropSchemas([schema]);
    const slug = nextSlug();
    const started = performance.now();
    await provisionTenant(platform, { slug, tier: "enterprise", admin });
    ours.push(performance.now() - started);
    if (run === 0) await reportCatalogSize(slug);
    await dropTenants([slug]);
    process.stderr.write(`\rsingle builds ${run + 1}/${options.runs}`);
  }
  process.stderr.write("\n");
  const a = summarize(floor);
  const b = summarize(ours);
  console.log(`template ${source.version}: ${source.tableCount} tables, ${source.statements.length} statements`);
  console.log(`(a) floor, raw one-string replay   p50 ${formatMs(a.p50)}  p95 ${formatMs(a.p95)}`);
  console.log(
    `(b) provisionTenant, no demo data  p50 ${formatMs(b.p50)}  p95 ${formatMs(b.p95)}  → ${ratio(b.p50, a.p50)} p50, ${ratio(b.p95, a.p95)} p95 of the floor`,
  );

  // (d) warm pool claims
  await fillWarmPool(platform, { size: options.runs });
  const claims: number[] = [];
  const claimed: string[] = [];
  for (let run = 0; run < options.runs; run++) {
    const slug = nextSlug();
    const started = performance.now();
    const result = await provisionTenant(platform, { slug, tier: "enterprise", admin });
    if (result.source !== "pool") throw new Error("the warm pool ran dry during the benchmark");
    claims.push(performance.now() - started);
    claimed.push(slug);
  }
  await dropTenants(claimed);
  const d = summarize(claims);
  console.log(
    `(d) provisionTenant, warm pool     p50 ${formatMs(d.p50)}  p95 ${formatMs(d.p95)}  → ${ratio(d.p50, a.p50)} p50, ${ratio(d.p95, a.p95)} p95 of the floor`,
  );

  // (c) bulk. The two methods alternate in rounds of `round` tenants, so checkpoints and the
  // drops between rounds (untimed) weigh on both alike; each method's rate is its tenants over
  // the time its own rounds took.
  const round = 10;
  for (const concurrency of concurrencies) {
    const floorTimes: number[] = [];
    const oursTimes: number[] = [];
    let floorSeconds = 0;
    let oursSeconds = 0;
    const failures: string[] = [];
    for (let done = 0; done < options.tenants; done += round) {
      const size = Math.min(round, options.tenants - done);
      const schemas = Array.from({ length: size }, (_, index) => `floor_${prefix}c${concurrency}_${done + index}`);
      let started = performance.now();
      let cursor = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (cursor < schemas.length) floorTimes.push(await rawBuild(schemas[cursor++]!));
        }),
      );
      floorSeconds += (performance.now() - started) / 1000;
      await dropSchemas(schemas);

      const inputs = Array.from({ length: size }, () => ({ slug: nextSlug(), tier: "enterprise" as const, admin }));
      started = performance.now();
      const results = await provisionMany(platform, inputs, { concurrency });
      oursSeconds += (performance.now() - started) / 1000;
      for (const result of results) {
        if (result.ok) oursTimes.push(result.ms);
        else failures.push(result.error.message);
      }
      await dropTenants(results.filter((result) => result.ok).map((result) => result.slug));
      process.stderr.write(`\rbulk @ ${concurrency}: ${done + size}/${options.tenants}`);
    }
    process.stderr.write("\n");
    const floorRate = floorTimes.length / floorSeconds;
    const oursRate = oursTimes.length / oursSeconds;
    const raw = summarize(floorTimes);
    const bulk = summarize(oursTimes);
    console.log(
      `(c) bulk ${options.tenants} @ concurrency ${concurrency}: floor ${floorRate.toFixed(2)} tenants/s (p50 ${formatMs(raw.p50)}, p95 ${formatMs(raw.p95)}); ` +
        `provisionMany ${oursRate.toFixed(2)} tenants/s (p50 ${formatMs(bulk.p50)}, p95 ${formatMs(bulk.p95)}) → ${ratio(oursRate, floorRate)} of the floor's rate` +
        (failures.length > 0 ? `; ${failures.length} failed: ${failures[0]}` : ""),
    );
  }
} finally {
  await drainWarmPool(platform);
  await floorPool.end();
  await platform.pool.end();
  await dropDatabase(adminUrl, database);
  await dropRolesWithPrefix(adminUrl, `tenant_${prefix}`);
}

async function reportCatalogSize(slug: string) {
  const size = await platform.pool.one(sql.type(z.object({ relations: z.number(), attributes: z.number(), bytes: z.number() }))`
    SELECT count(*)::int AS relations,
           (SELECT count(*)::int FROM pg_attribute a JOIN pg_class c2 ON c2.oid = a.attrelid WHERE c2.relnamespace = n.oid) AS attributes,
           coalesce(sum(pg_relation_size(c.oid)), 0)::bigint AS bytes
    FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
    WHERE n.nspname = ${`tenant_${slug}`} GROUP BY n.oid`);
  console.log(
    `catalog per empty tenant: ${size.relations} pg_class rows, ${size.attributes} pg_attribute rows, ${(size.bytes / 1e6).toFixed(1)} MB of relation files`,
  );
}
