import { createProgressBar, runCommand } from "@erp/cli-kit";
import { openPlatform } from "@erp/db";
import { formatMs, summarize } from "@erp/metrics";
import { type MigrateOptions, type MigrationSummary, migrateTenants, parseInput } from "@erp/tenancy";
import type { Command } from "commander";
import { z } from "zod";

const number = (flag: string) => z.coerce.number({ error: `${flag} must be a number` }).optional();
const flagsSchema = z.object({
  to: number("--to"),
  concurrency: number("--concurrency"),
  canary: number("--canary"),
  wave: z
    .string()
    .regex(/^\d+(\.\d+)?%?$/, { error: "--wave must be a percentage such as 25%" })
    .transform((value) => Number(value.replace("%", "")))
    .optional(),
  dryRun: z.boolean().default(false),
  resume: z.boolean().default(false),
  lockTimeout: number("--lock-timeout"),
  retries: number("--retries"),
  maxFailureRate: number("--max-failure-rate"),
  json: z.boolean().default(false),
});

/** `pnpm tenants migrate`: rolls the template's change files out to every tenant. */
export function registerMigrateTenantsCommand(tenants: Command): void {
  tenants
    .command("migrate")
    .description("migrate every tenant to the current template version (one transaction per tenant, canary and waves, resumable)")
    .option("--to <version>", "target template version number (default: the current one)")
    .option("--concurrency <c>", "tenants migrated at once (default 2)")
    .option("--canary <n>", "migrate n tenants first; any failure among them stops the run")
    .option("--wave <percent>", "then migrate the rest in waves of this share of the tenants, e.g. 25%")
    .option("--dry-run", "show the plan without changing anything")
    .option("--resume", "finish the last rollout that was killed or stopped (finished tenants are not touched)")
    .option("--lock-timeout <ms>", "how long a tenant waits for a lock before it is retried (default 2000)")
    .option("--retries <n>", "retries after a lock timeout or deadlock (default 3)")
    .option("--max-failure-rate <fraction>", "stop when more than this share of tenants failed (default 0.05)")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  pnpm tenants migrate --dry-run\n  pnpm tenants migrate --canary 10 --wave 25% --concurrency 4\n  pnpm tenants migrate --resume",
    )
    .action((raw: Record<string, unknown>) =>
      runCommand(async () => {
        const flags = parseInput(flagsSchema, raw);
        const options: MigrateOptions = {
          to: flags.to,
          concurrency: flags.concurrency,
          canary: flags.canary,
          wavePercent: flags.wave,
          dryRun: flags.dryRun,
          resume: flags.resume,
          lockTimeoutMs: flags.lockTimeout,
          retries: flags.retries,
          maxFailureRate: flags.maxFailureRate,
        };
        return migrate(options, flags.json);
      }),
    );
}

async function migrate(options: MigrateOptions, json: boolean): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: (options.concurrency ?? 2) + 1 });
  try {
    const bar = createProgressBar("migrate [{bar}] {value}/{total} tenants | {failed} failed | ETA {eta_formatted}");
    let failed = 0;
    const started = performance.now();
    const summary = await migrateTenants(platform, options, {
      onPlan: (plan, waves) => {
        if (json) return;
        log(
          `Template version ${plan.toVersionNumber} (build ${plan.targetVersion}): ${plan.current} tenant(s) current, ${plan.pending.length} to migrate${waves.length > 1 ? ` in waves of ${waves.join(", ")}` : ""}.`,
        );
        if (plan.pending.length > 0 && !options.dryRun) {
          bar.start(plan.pending.length, { failed });
        }
      },
      onResult: (result) => {
        if (!result.ok) failed++;
        bar.increment(1, { failed });
      },
    });
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    if (json) console.log(JSON.stringify({ ...summary, seconds }, null, 2));
    else printSummary(summary, seconds);
    return summary.stopReason ? 1 : 0;
  } finally {
    await platform.pool.end();
  }
}

function printSummary(summary: MigrationSummary, seconds: number): void {
  const { plan } = summary;
  if (summary.dryRun) {
    const byVersion = new Map<number, number>();
    for (const tenant of plan.pending) byVersion.set(tenant.fromVersionNumber, (byVersion.get(tenant.fromVersionNumber) ?? 0) + 1);
    for (const [from, count] of [...byVersion].sort((a, b) => a[0] - b[0])) {
      console.log(
        `  ${count} tenant(s) at version ${from} → ${plan.toVersionNumber}${from > plan.toVersionNumber ? " (ahead: refused)" : ""}`,
      );
    }
    console.log("Dry run: nothing changed.");
    return;
  }
  if (plan.pending.length === 0) {
    console.log(`All ${plan.current} tenant(s) are at template version ${plan.toVersionNumber}; nothing to do.`);
    return;
  }
  const times = summarize(summary.results.filter((result) => result.ok && !result.skipped).map((result) => result.ms));
  console.log(
    `Rollout ${summary.rolloutId}: ${summary.migrated} migrated, ${summary.failed} failed, ${summary.notAttempted} not attempted in ${seconds.toFixed(1)} s (${(summary.results.length / Math.max(seconds, 1e-3)).toFixed(1)} tenants/s; per tenant p50 ${formatMs(times.p50)}, p95 ${formatMs(times.p95)}).`,
  );
  for (const result of summary.results.filter((item) => !item.ok).slice(0, 20)) console.log(`  ✗ ${result.slug}: ${result.error}`);
  if (summary.stopReason) console.log(`Stopped: ${summary.stopReason}. Run 'pnpm tenants migrate --resume' to finish.`);
}
