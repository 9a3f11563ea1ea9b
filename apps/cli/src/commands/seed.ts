import { createProgressBar, parseOptions, runCommand, wholeNumberSchema } from "@erp/cli-kit";
import { NotFoundError, openPlatform } from "@erp/db";
import { checkInvariants, seedAtScale } from "@erp/seed";
import { getTenant, slugSchema } from "@erp/tenancy";
import type { Command } from "commander";
import { z } from "zod";

const log = (line: string) => process.stderr.write(`${line}\n`);

const seedOptionsSchema = z.object({
  slug: slugSchema,
  scale: wholeNumberSchema("--scale", 1, 100_000).default(1),
  seed: z.string().min(1, { error: "seed must not be empty" }).max(100, { error: "seed must be at most 100 characters" }).optional(),
  json: z.boolean().default(false),
});

const checkOptionsSchema = z.object({ slug: slugSchema, json: z.boolean().default(false) });

/** `seed` (add demo data at scale, for load tests) and `seed:check` (the demo data invariants of a tenant). */
export function registerSeedCommands(program: Command): void {
  program
    .command("seed")
    .description("add K × the tier's demo data volumes to an existing tenant (load tests); the data stays consistent")
    .requiredOption("--slug <slug>", "the tenant to add data to")
    .option("--scale <k>", "how many times the tier's volumes to add (default 1)")
    .option("--seed <seed>", "seed of the added data (default: the tenant's demo seed)")
    .option("--json", "print machine-readable results")
    .addHelpText("after", "\nExamples:\n  pnpm seed --slug acme --scale 100\n  pnpm seed:check acme")
    .action((raw: Record<string, unknown>) => runCommand(() => seed(parseOptions(seedOptionsSchema, raw))));

  program
    .command("seed:check <slug>")
    .description("check a tenant's data invariants (totals, stock, books, rollups, dates); exits 1 if one fails")
    .option("--json", "print machine-readable results")
    .action((slug: string, raw: Record<string, unknown>) => runCommand(() => check(parseOptions(checkOptionsSchema, { ...raw, slug }))));
}

async function seed(options: z.infer<typeof seedOptionsSchema>): Promise<void> {
  const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 4 });
  const bar = options.json ? undefined : createProgressBar("seeding [{bar}] {value}/{total} units | {rows} rows | ETA {eta_formatted}");
  let result: Awaited<ReturnType<typeof seedAtScale>>;
  try {
    bar?.start(options.scale, { rows: 0 });
    result = await seedAtScale(platform.pool, {
      slug: options.slug,
      scale: options.scale,
      seed: options.seed,
      onProgress: (progress) => bar?.update(progress.unitsDone, { rows: progress.rows }),
    });
  } finally {
    bar?.stop();
    await platform.pool.end();
  }
  const seconds = result.ms / 1000;
  if (options.json) {
    console.log(
      JSON.stringify({ slug: options.slug, scale: options.scale, rows: result.rows, seconds, rowsPerSecond: result.rowsPerSecond }),
    );
  } else {
    console.log(`Added ${result.rows} rows to ${options.slug} in ${seconds.toFixed(1)} s (${result.rowsPerSecond} rows/s).`);
  }
}

async function check(options: z.infer<typeof checkOptionsSchema>): Promise<number> {
  const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 2 });
  try {
    const tenant = await getTenant(platform.pool, options.slug);
    if (tenant.status === "deprovisioned") throw new NotFoundError(`Tenant '${options.slug}' is deprovisioned: it has no data to check.`);
    const results = await checkInvariants(platform.pool, tenant.schemaName);
    const ok = results.every((result) => result.ok);
    if (options.json) {
      console.log(JSON.stringify({ slug: options.slug, ok, checks: results }, null, 2));
    } else {
      for (const result of results) console.log(`${result.ok ? "✓" : "✗"} ${result.name}: ${result.detail}`);
      const failed = results.filter((result) => !result.ok).length;
      console.log(failed === 0 ? `All ${results.length} checks hold.` : `${failed} of ${results.length} checks fail.`);
    }
    return ok ? 0 : 1;
  } finally {
    await platform.pool.end();
  }
}
