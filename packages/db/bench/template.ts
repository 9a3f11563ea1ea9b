/**
 * pnpm bench:template [--runs N]
 * Builds the tenant template N times two ways, alternating, on the same server in the same run:
 *   floor: the template files as ONE string through a bare `pg` client (what PostgreSQL itself costs);
 *   ours:  the split statements through Slonik and platform.apply_ddl (what provisioning uses);
 *   per-statement: the same statements one round trip each (the alternative apply_ddl avoids).
 * Each build runs in a transaction that is rolled back, so no drop cost is measured.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { formatMs, ratio, summarize } from "@erp/metrics";
import { Command } from "commander";
import pg from "pg";
import { sql } from "slonik";
import { applyDdl, loadTemplateSource, openPlatform, repoRoot } from "../src/index.ts";

const { runs } = new Command()
  .option(
    "--runs <n>",
    "builds per method",
    (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error("--runs must be a whole number ≥ 1");
      return n;
    },
    10,
  )
  .parse()
  .opts<{ runs: number }>();

const platform = await openPlatform({ log: console.error, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 2 });
const source = await loadTemplateSource();
const text = (await Promise.all(source.files.map((file) => readFile(join(repoRoot, "db", "template", file.file), "utf8")))).join("\n");
const client = new pg.Client({ connectionString: platform.url });
await client.connect();

const rollback = new Error("rollback");
const floor: number[] = [];
const ours: number[] = [];
const perStatement: number[] = [];
for (let run = 0; run < runs; run++) {
  let started = performance.now();
  await client.query(`BEGIN; CREATE SCHEMA bench_floor; SET LOCAL search_path = bench_floor;\n${text}`);
  floor.push(performance.now() - started);
  await client.query("ROLLBACK");

  started = performance.now();
  await platform.pool
    .transaction(async (tx) => {
      await tx.query(sql.unsafe`CREATE SCHEMA bench_ours`);
      await applyDdl(tx, "bench_ours", source.statements);
      ours.push(performance.now() - started);
      throw rollback;
    })
    .catch((error) => {
      if (error !== rollback) throw error;
    });
  started = performance.now();
  await client.query("BEGIN; CREATE SCHEMA bench_each; SET LOCAL search_path = bench_each");
  for (const statement of source.statements) await client.query(statement.sql);
  perStatement.push(performance.now() - started);
  await client.query("ROLLBACK");
  process.stderr.write(`\rrun ${run + 1}/${runs}`);
}
process.stderr.write("\n");
await client.end();
await platform.pool.end();

const a = summarize(floor);
const b = summarize(ours);
const c = summarize(perStatement);
console.log(`template ${source.version}: ${source.tableCount} tables, ${source.statements.length} statements, ${runs} builds per method`);
console.log(`  floor (one string, bare pg)      median ${formatMs(a.p50)}  p95 ${formatMs(a.p95)}`);
console.log(
  `  ours  (Slonik + apply_ddl)       median ${formatMs(b.p50)}  p95 ${formatMs(b.p95)}  (${ratio(b.p50, a.p50)} median, ${ratio(b.p95, a.p95)} p95)`,
);
console.log(
  `  per statement, one round trip each median ${formatMs(c.p50)}  p95 ${formatMs(c.p95)}  (${ratio(c.p50, a.p50)} median, ${ratio(c.p95, a.p95)} p95)`,
);
