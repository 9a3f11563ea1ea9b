#!/usr/bin/env node
import { runCommand, runProgram, writeGenerated } from "@erp/cli-kit";
import {
  apiDatabaseUrl,
  buildTemplate,
  ConfigurationError,
  checkTemplate,
  embeddedServerUrl,
  ensureApiRole,
  generateRowTypes,
  migratePlatform,
  openPlatform,
  readDbEnv,
  redact,
  resetEmbeddedServer,
  resolveDatabaseTarget,
  stopEmbeddedServer,
} from "@erp/db";
import { Command } from "commander";

const log = (line: string) => process.stderr.write(`${line}\n`);
/** `pnpm db:*`: the platform database's commands. Thin: each calls @erp/db. */
const program = new Command("db")
  .description("The platform database: embedded server, migrations, template, row types.")
  .exitOverride()
  .showHelpAfterError("(add --help for usage)");

program
  .command("start")
  .description("start the embedded PostgreSQL (created on first use); prints its URL")
  .action(() =>
    runCommand(async () => {
      const target = await resolveDatabaseTarget(log);
      console.log(target.embedded ? redact(target.url) : `DATABASE_URL is set; using ${redact(target.url)} (nothing to start).`);
    }),
  );

program
  .command("stop")
  .description("stop the embedded PostgreSQL")
  .action(() => runCommand(async () => console.log((await stopEmbeddedServer()) ? "Stopped." : "Not running.")));

program
  .command("url")
  .description("print the connection URL in use (DATABASE_URL, or the embedded server's)")
  .option("--role <role>", "owner (migrations, provisioning) or api (the API's tenant connections, role erp_api)", "owner")
  .action((options: { role: string }) =>
    runCommand(async () => {
      if (options.role !== "owner" && options.role !== "api")
        throw new ConfigurationError(`--role must be owner or api (got '${options.role}').`);
      const { DATABASE_URL } = readDbEnv();
      const url = DATABASE_URL ?? (await embeddedServerUrl()) ?? (await resolveDatabaseTarget(log)).url;
      console.log(options.role === "api" ? apiDatabaseUrl(url) : url);
    }),
  );

program
  .command("reset")
  .description("stop the embedded PostgreSQL and delete its data (.data/pg only)")
  .action(() =>
    runCommand(async () => {
      await resetEmbeddedServer();
      console.log("Deleted .data/pg; the next command creates a fresh cluster.");
    }),
  );

program
  .command("migrate")
  .description("apply new control-plane migrations (db/platform)")
  .action(() =>
    runCommand(async () => {
      const { pool, url } = await openPlatform({ log, prepare: false });
      try {
        const result = await migratePlatform(pool);
        await ensureApiRole(pool, url);
        console.log(result.applied.length > 0 ? `Applied ${result.applied.join(", ")}.` : `Up to date (${result.alreadyApplied} applied).`);
      } finally {
        await pool.end();
      }
    }),
  );

program
  .command("template")
  .description("rebuild template_tenant from db/template and record its version")
  .action(() =>
    runCommand(async () => {
      const { pool } = await openPlatform({ log, prepare: false });
      try {
        await migratePlatform(pool);
        const started = performance.now();
        const source = await buildTemplate(pool);
        console.log(
          `Built template_tenant version ${source.version}: ${source.tableCount} tables, ${source.statements.length} statements in ${Math.round(performance.now() - started)} ms.`,
        );
      } finally {
        await pool.end();
      }
    }),
  );

program
  .command("check-template")
  .description("check template_tenant: ≥ 200 tables, primary keys, indexed foreign keys, no rows")
  .option("--json", "print the report as JSON")
  .action((options: { json?: boolean }) =>
    runCommand(async () => {
      const { pool } = await openPlatform({ log });
      try {
        const report = await checkTemplate(pool);
        if (options.json) {
          console.log(JSON.stringify(report, null, 2));
        } else {
          console.log(`template_tenant version ${report.version}`);
          for (const [module, count] of Object.entries(report.tablesByModule)) console.log(`  ${module.padEnd(12)} ${count} tables`);
          console.log(`  ${"total".padEnd(12)} ${report.tableCount} tables`);
          console.log(`tables without primary key: ${report.tablesWithoutPrimaryKey.length}`);
          console.log(`unindexed foreign keys:     ${report.unindexedForeignKeys.length}`);
          console.log(`tables holding rows:        ${report.tablesWithRows.length}`);
          for (const problem of report.problems) console.log(`  ✗ ${problem}`);
          console.log(report.problems.length === 0 ? "OK" : `${report.problems.length} problem(s).`);
        }
        return report.problems.length === 0 ? 0 : 1;
      } finally {
        await pool.end();
      }
    }),
  );

program
  .command("types")
  .description("generate zod row types (packages/db-types) and docs/schema.md from the template catalog")
  .option("--check", "fail when the committed files differ from what would be generated")
  .action((options: { check?: boolean }) =>
    runCommand(async () => {
      const { pool, templateVersion } = await openPlatform({ log });
      try {
        const files = await generateRowTypes(pool, templateVersion ?? "");
        return await writeGenerated(files, { check: options.check === true, command: "pnpm db:types", source: "db/template" });
      } finally {
        await pool.end();
      }
    }),
  );

await runProgram(program);
