import { createProgressBar, parseOptions, runCommand } from "@erp/cli-kit";
import { openPlatform } from "@erp/db";
import { checkInvariants } from "@erp/seed";
import { backupTenant, restoreTenant, slugSchema } from "@erp/tenancy";
import type { Command } from "commander";
import { z } from "zod";

const log = (line: string) => process.stderr.write(`${line}\n`);

const backupOptions = z.object({
  slug: z.string({ error: "slug must be a string" }).min(1, { error: "slug must not be empty" }),
  out: z.string({ error: "--out must be a file path" }).min(1, { error: "--out must be a file path" }),
  json: z.boolean().default(false),
});

const restoreOptions = z.object({
  file: z.string({ error: "the backup file must be a path" }).min(1, { error: "the backup file must be a path" }),
  slug: slugSchema,
  name: z.string().optional(),
  json: z.boolean().default(false),
});

/** `tenants backup <slug> --out <file>` and `tenants restore <file> --slug <new-slug>` (docs/operations.md). */
export function registerBackupCommands(tenants: Command): void {
  tenants
    .command("backup <slug>")
    .description("write one tenant's rows, from one consistent snapshot, to a gzip file (restore it with `tenants restore`)")
    .requiredOption("--out <file>", "the backup file to write (never overwritten)")
    .option("--json", "print the summary as JSON")
    .action((slug: string, raw: Record<string, unknown>) =>
      runCommand(async () => {
        const options = parseOptions(backupOptions, { ...raw, slug });
        const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 2 });
        const bar = options.json
          ? undefined
          : createProgressBar("backup [{bar}] {value}/{total} tables | {rows} rows", { clearOnComplete: true });
        try {
          const summary = await backupTenant(platform, options.slug, options.out, {
            onTable: (done, total, rows) => {
              bar?.start(total);
              bar?.update(done, { rows });
            },
          });
          bar?.stop();
          if (options.json) return console.log(JSON.stringify(summary, null, 2));
          console.log(
            `Backed up tenant '${summary.slug}' to ${summary.file}: ${summary.tables} tables, ${summary.rows.toLocaleString("en")} rows, ${summary.bytes.toLocaleString("en")} bytes, in ${summary.ms.toLocaleString("en")} ms.`,
          );
        } finally {
          bar?.stop();
          await platform.pool.end();
        }
      }),
    );

  tenants
    .command("restore <file>")
    .description("create a new tenant from a backup file: all or nothing, invariants and foreign keys checked before commit")
    .requiredOption("--slug <slug>", "the new tenant's slug (must not exist)")
    .option("--name <name>", "the new tenant's name (default: the backed-up tenant's)")
    .option("--json", "print the summary as JSON")
    .action((file: string, raw: Record<string, unknown>) =>
      runCommand(async () => {
        const options = parseOptions(restoreOptions, { ...raw, file });
        const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 2 });
        const bar = options.json
          ? undefined
          : createProgressBar("restore [{bar}] {value}/{total} tables | {rows} rows", { clearOnComplete: true });
        try {
          const summary = await restoreTenant(
            platform,
            options.file,
            { slug: options.slug, name: options.name },
            {
              checkInvariants: (connection, schemaName) => checkInvariants(connection, schemaName),
              onTable: (done, total, rows) => {
                bar?.start(total);
                bar?.update(done, { rows });
              },
            },
          );
          bar?.stop();
          if (options.json) return console.log(JSON.stringify(summary, null, 2));
          console.log(
            `Restored '${summary.from.slug}' (backed up ${summary.from.takenAt}) as tenant '${summary.tenant.slug}' (${summary.tenant.tier}, template version ${summary.tenant.templateVersionNumber}): ${summary.tables} tables, ${summary.rows.toLocaleString("en")} rows, in ${summary.ms.toLocaleString("en")} ms.`,
          );
        } finally {
          bar?.stop();
          await platform.pool.end();
        }
      }),
    );
}
