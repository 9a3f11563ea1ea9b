/**
 * pnpm bench:migrate [--tenants N] [--concurrency 1,2,4] [--build-concurrency 2]
 * In one run, on one server, in a scratch database:
 *   - N empty tenants provisioned at the baseline (template version 0) by provisionMany, untimed;
 *   - for each concurrency, alternating: (floor) the change file's DDL applied raw to every
 *     tenant by a bare `pg` loop (`BEGIN; SET LOCAL search_path; <change>; COMMIT` as one string),
 *     and (ours) `migrateTenants` over the fleet (ledger, lock timeout, retry policy). Between
 *     passes the change is undone, untimed;
 *   - the no-op pass over the migrated fleet (median of 20), and the locks one tenant's migration holds.
 * Prints wall time, tenants/s, per-tenant p50/p95 and the ratios to the floor.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { wholeNumber } from "@erp/cli-kit";
import {
  dropDatabase,
  dropRolesWithPrefix,
  loadBaselineSource,
  loadTemplateSource,
  openPlatform,
  randomSuffix,
  recordTemplateBuild,
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
import { migrateTenants, provisionMany } from "../src/index.ts";

// Bad flags get Commander's one-line error (no stack trace), from the shared whole-number rule.
const options = new Command()
  .option("--tenants <n>", "tenants in the fleet", wholeNumber("--tenants", 1, 100_000), 1000)
  .option(
    "--concurrency <list>",
    "concurrencies, comma-separated",
    (list: string) => list.split(",").map(wholeNumber("--concurrency", 1, 64)),
    [1, 2, 4],
  )
  .option("--build-concurrency <n>", "concurrency of the (untimed) fleet build", wholeNumber("--build-concurrency", 1, 64), 2)
  .parse()
  .opts<{ tenants: number; concurrency: number[]; buildConcurrency: number }>();
const concurrencies = options.concurrency;

// The change measured: the worked example (a column with a default and an index on orders, a new table).
// Migrations go to that change's version only (later changes are not part of the comparison).
const changeName = "0001_document_series.sql";
const changeVersion = 1;
const changeDdl = await readFile(join(repoRoot, "db", "template", "changes", changeName), "utf8");
const undoDdl = "DROP TABLE document_series; DROP INDEX orders_series_code_ordered_at_idx; ALTER TABLE orders DROP COLUMN series_code;";

const target = await resolveDatabaseTarget(console.error);
const adminUrl = withDatabase(target.url, "postgres");
const suffix = randomSuffix();
const database = `erp_bench_${suffix}`;
const prefix = `b${suffix}_`;
await recreateDatabase(adminUrl, database);
const maxConcurrency = Math.max(...concurrencies, options.buildConcurrency);
const platform = await openPlatform({
  url: withDatabase(target.url, database),
  statementTimeout: "DISABLE_TIMEOUT",
  maxPoolSize: maxConcurrency + 1,
});
const floorPool = new pg.Pool({ connectionString: platform.url, max: maxConcurrency });
const schemaRow = z.object({ schemaName: z.string() });

try {
  const baselineSource = await loadBaselineSource();
  await recordTemplateBuild(platform.pool, baselineSource);
  // A build of the change's version (the baseline plus this change), so the fleet can be migrated
  // to exactly that version whatever later changes the repository holds.
  const change = (await loadTemplateSource()).changes.find((candidate) => candidate.name === changeName);
  if (!change) throw new Error(`db/template/changes/${changeName} is missing.`);
  await recordTemplateBuild(platform.pool, {
    ...baselineSource,
    version: createHash("sha256").update(baselineSource.version).update(change.checksum).digest("hex").slice(0, 16),
    versionNumber: changeVersion,
    statements: [...baselineSource.statements, ...change.statements],
    changes: [change],
  });
  const baseline = { pool: platform.pool, templateVersion: baselineSource.version };
  const admin = { email: "admin@bench.test", password: "correct horse battery staple" };
  const built = performance.now();
  let done = 0;
  const inputs = Array.from({ length: options.tenants }, (_, index) => ({
    slug: `${prefix}${String(index).padStart(5, "0")}`,
    tier: "starter" as const,
    admin,
  }));
  const results = await provisionMany(baseline, inputs, {
    concurrency: options.buildConcurrency,
    onResult: () => {
      if (++done % 25 === 0) process.stderr.write(`\rfleet ${done}/${options.tenants}`);
    },
  });
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) throw new Error(`provisioning failed: ${failed[0]?.ok === false ? failed[0].error.message : ""}`);
  process.stderr.write(
    `\rfleet of ${options.tenants} tenants at version 0 built in ${((performance.now() - built) / 1000).toFixed(0)} s\n`,
  );
  const schemas = await platform.pool.anyFirst(sql.type(schemaRow)`
    SELECT schema_name AS "schemaName" FROM platform.tenants WHERE status = 'active' ORDER BY slug`);

  const onEach = async (concurrency: number, work: (schema: string) => Promise<number>) => {
    const times: number[] = [];
    let cursor = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (cursor < schemas.length) times.push(await work(schemas[cursor++]!));
      }),
    );
    return { seconds: (performance.now() - started) / 1000, times };
  };
  const raw = (schema: string, ddl: string) => async () => {
    const started = performance.now();
    await floorPool.query(`BEGIN; SET LOCAL search_path = "${schema}";\n${ddl}\nCOMMIT;`);
    return performance.now() - started;
  };
  const undo = async () => {
    await onEach(2, (schema) => raw(schema, undoDdl)());
    await platform.pool.query(sql.unsafe`UPDATE platform.tenants SET template_version = ${baselineSource.version}`);
  };

  console.log(`change ${changeName} over ${options.tenants} empty tenants (268 tables each)`);
  const rows: string[] = [];
  for (const [index, concurrency] of concurrencies.entries()) {
    // Alternate which goes first, so checkpoints and drift weigh on both alike.
    const floorFirst = index % 2 === 0;
    let floor = { seconds: 0, times: [] as number[] };
    let ours = { seconds: 0, times: [] as number[] };
    for (const method of floorFirst ? ["floor", "ours"] : ["ours", "floor"]) {
      if (method === "floor") {
        floor = await onEach(concurrency, (schema) => raw(schema, changeDdl)());
      } else {
        const started = performance.now();
        const summary = await migrateTenants(platform, { concurrency, to: changeVersion });
        if (summary.failed > 0 || summary.migrated !== schemas.length)
          throw new Error(`migrate: ${summary.stopReason ?? "not every tenant migrated"}`);
        ours = { seconds: (performance.now() - started) / 1000, times: summary.results.map((result) => result.ms) };
      }
      await undo();
    }
    const f = summarize(floor.times);
    const o = summarize(ours.times);
    rows.push(
      `concurrency ${concurrency}: floor ${floor.seconds.toFixed(1)} s (${(schemas.length / floor.seconds).toFixed(1)} tenants/s, p50 ${formatMs(f.p50)}, p95 ${formatMs(f.p95)}); ` +
        `tenants migrate ${ours.seconds.toFixed(1)} s (${(schemas.length / ours.seconds).toFixed(1)} tenants/s, p50 ${formatMs(o.p50)}, p95 ${formatMs(o.p95)}) → ${ratio(ours.seconds, floor.seconds)} the floor's wall time`,
    );
    console.log(rows.at(-1));
  }

  // Locks one tenant's migration holds at its end (the same DDL raw, for comparison).
  const lockCount = async (statement: string) => {
    const client = await floorPool.connect();
    try {
      await client.query("BEGIN");
      await client.query(statement);
      const { rows: counted } = await client.query("SELECT count(*)::int AS n FROM pg_locks WHERE pid = pg_backend_pid()");
      await client.query("ROLLBACK");
      return counted[0].n as number;
    } finally {
      client.release();
    }
  };
  const first = schemas[0]!;
  const tenantId = await platform.pool.oneFirst(
    sql.type(z.object({ id: z.string() }))`SELECT id FROM platform.tenants WHERE schema_name = ${first}`,
  );
  const ourLocks = await lockCount(
    `SELECT platform.migrate_tenant('${tenantId}', (SELECT version FROM platform.template_versions WHERE version_number = ${changeVersion} ORDER BY created_at DESC LIMIT 1), NULL, '2s', 1)`,
  );
  const rawLocks = await lockCount(`SET LOCAL search_path = "${first}"; ${changeDdl}`);
  console.log(`locks held by one tenant's migration: ${ourLocks} (the raw DDL: ${rawLocks})`);

  // The no-op pass: every tenant current.
  await migrateTenants(platform, { concurrency: 2, to: changeVersion });
  const noop: number[] = [];
  for (let run = 0; run < 20; run++) {
    const started = performance.now();
    const summary = await migrateTenants(platform, { concurrency: 2, to: changeVersion });
    noop.push(performance.now() - started);
    if (summary.plan.pending.length > 0) throw new Error("the fleet is not current");
  }
  const n = summarize(noop);
  console.log(`no-op pass over ${schemas.length} current tenants: p50 ${formatMs(n.p50)}, p95 ${formatMs(n.p95)} (one query)`);
} finally {
  await floorPool.end();
  await platform.pool.end();
  await dropDatabase(adminUrl, database);
  await dropRolesWithPrefix(adminUrl, `tenant_${prefix}`);
}
