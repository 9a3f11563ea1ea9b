import { findPgError, InvalidInputError, type Platform } from "@erp/db";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { parseInput } from "../inputs.ts";
import { type MigrationPlan, type PendingTenant, planMigration } from "./planMigration.ts";
import { splitIntoWaves } from "./splitIntoWaves.ts";

export const migrateOptionsSchema = z
  .object({
    /** Target template version number (default: the platform's current build). */
    to: z.number({ error: "--to must be a number" }).int({ error: "--to must be a whole number" }).min(0).optional(),
    concurrency: z
      .number({ error: "--concurrency must be a number" })
      .int({ error: "--concurrency must be a whole number" })
      .min(1, { error: "--concurrency must be at least 1" })
      .max(32, { error: "--concurrency must be at most 32" })
      .default(2),
    /** Tenants migrated first, on their own; any failure among them stops the run. */
    canary: z.number().int({ error: "--canary must be a whole number" }).min(1, { error: "--canary must be at least 1" }).optional(),
    /** After the canary, the rest in waves of this percentage of the tenants to migrate. */
    wavePercent: z
      .number({ error: "--wave must be a percentage" })
      .gt(0, { error: "--wave must be above 0%" })
      .max(100, { error: "--wave must be at most 100%" })
      .optional(),
    dryRun: z.boolean().default(false),
    resume: z.boolean().default(false),
    /** How long a tenant's migration waits for a lock before it gives up and is retried. */
    lockTimeoutMs: z.number().int().min(1).max(600_000, { error: "--lock-timeout must be at most 600000 ms" }).default(2_000),
    /** Retries after a lock timeout or deadlock, with growing pauses. */
    retries: z.number().int().min(0).max(10, { error: "--retries must be at most 10" }).default(3),
    /** The run stops when more than this share of the finished tenants failed (checked from 20 on). */
    maxFailureRate: z.number().min(0).max(1, { error: "--max-failure-rate must be a fraction from 0 to 1" }).default(0.05),
  })
  .refine((options) => !(options.resume && options.to !== undefined), {
    error: "--to cannot be combined with --resume: a resumed rollout keeps its target",
  });
export type MigrateOptions = z.input<typeof migrateOptionsSchema>;

export type TenantMigrationResult = {
  slug: string;
  fromVersionNumber: number;
  ok: boolean;
  /** Already at the target when its turn came (another run migrated it). */
  skipped: boolean;
  ms: number;
  attempts: number;
  error?: string;
};

export type MigrationEvents = {
  onPlan?: (plan: MigrationPlan, waves: readonly number[]) => void;
  onWave?: (index: number, size: number) => void;
  onResult?: (result: TenantMigrationResult) => void;
};

export type MigrationSummary = {
  plan: MigrationPlan;
  rolloutId: number | null;
  dryRun: boolean;
  /** Sizes of the waves, canary first. */
  waves: number[];
  migrated: number;
  failed: number;
  /** Tenants not attempted because the run stopped. */
  notAttempted: number;
  stopReason: string | null;
  results: TenantMigrationResult[];
};

const retryableCodes = new Set(["55P03", "40P01", "40001"]);
const minimumSample = 20;

/**
 * Migrates every tenant not at the target template version number: one statement per tenant
 * (`platform.migrate_tenant`, its own transaction: the tenant ends at its old version or at the
 * target, whatever happens to this process), `concurrency` at a time, canary first, then waves.
 * Lock timeouts and deadlocks are retried; other failures are written to the ledger and counted,
 * and the run stops when the canary fails or the failure rate passes `maxFailureRate`. A stopped
 * or killed run is finished by calling again with `resume`: finished tenants are not touched.
 */
export async function migrateTenants(
  platform: Pick<Platform, "pool" | "templateVersion">,
  input: MigrateOptions = {},
  events: MigrationEvents = {},
): Promise<MigrationSummary> {
  const options = parseInput(migrateOptionsSchema, input);
  if (!platform.templateVersion) throw new InvalidInputError("The template is not built: open the platform with prepare enabled.");
  const plan = await planMigration(
    platform.pool,
    options.resume
      ? { unfinishedRollout: true }
      : options.to === undefined
        ? { build: platform.templateVersion }
        : { versionNumber: options.to },
  );
  const waves = splitIntoWaves(plan.pending.length, options.canary, options.wavePercent);
  events.onPlan?.(plan, waves);
  const summary: MigrationSummary = {
    plan,
    rolloutId: options.resume ? (plan.unfinishedRollout?.id ?? null) : null,
    dryRun: options.dryRun,
    waves,
    migrated: 0,
    failed: 0,
    notAttempted: 0,
    stopReason: null,
    results: [],
  };
  if (options.dryRun) return summary;
  if (!options.resume && plan.unfinishedRollout?.status === "running" && plan.pending.length > 0) {
    throw new InvalidInputError(
      `Rollout ${plan.unfinishedRollout.id} did not finish (killed, or still running elsewhere): finish it with --resume.`,
    );
  }
  if (plan.pending.length === 0) {
    if (summary.rolloutId !== null) await finishRollout(platform.pool, summary.rolloutId, null);
    return summary;
  }
  summary.rolloutId ??= await startRollout(platform.pool, plan, options);

  let offset = 0;
  for (const [index, size] of waves.entries()) {
    events.onWave?.(index, size);
    const wave = plan.pending.slice(offset, offset + size);
    offset += size;
    summary.stopReason = await runWave(platform.pool, wave, plan, summary, options, events, index === 0 && options.canary !== undefined);
    if (summary.stopReason) break;
  }
  summary.notAttempted = plan.pending.length - summary.results.length;
  if (!summary.stopReason && summary.failed > 0) {
    summary.stopReason = `${summary.failed} tenant(s) failed; fix the cause and run again with --resume`;
  }
  await finishRollout(platform.pool, summary.rolloutId, summary.stopReason);
  return summary;
}

type ParsedOptions = z.output<typeof migrateOptionsSchema>;

/** Runs one wave `concurrency` at a time; returns why the run must stop, or null. */
async function runWave(
  pool: DatabasePool,
  tenants: readonly PendingTenant[],
  plan: MigrationPlan,
  summary: MigrationSummary,
  options: ParsedOptions,
  events: MigrationEvents,
  canary: boolean,
): Promise<string | null> {
  let next = 0;
  let stopReason: string | null = null;
  const worker = async () => {
    while (next < tenants.length && !stopReason) {
      const tenant = tenants[next++]!;
      const result = await migrateOne(pool, tenant, plan, summary.rolloutId!, options);
      summary.results.push(result);
      if (result.ok && !result.skipped) summary.migrated++;
      if (!result.ok) summary.failed++;
      events.onResult?.(result);
      stopReason ??= shouldStop(summary, options, canary, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, tenants.length) }, worker));
  return stopReason;
}

function shouldStop(summary: MigrationSummary, options: ParsedOptions, canary: boolean, result: TenantMigrationResult): string | null {
  if (result.ok) return null;
  if (canary) return `canary tenant '${result.slug}' failed: ${result.error}`;
  const finished = summary.results.length;
  const rate = summary.failed / finished;
  if (finished >= Math.min(minimumSample, summary.plan.pending.length) && rate > options.maxFailureRate) {
    return `${summary.failed} of ${finished} tenants failed (${(rate * 100).toFixed(1)}% > ${(options.maxFailureRate * 100).toFixed(1)}%); last: '${result.slug}': ${result.error}`;
  }
  return null;
}

/** One tenant, one statement (its own transaction); lock timeouts and deadlocks are tried again. */
async function migrateOne(
  pool: DatabasePool,
  tenant: PendingTenant,
  plan: MigrationPlan,
  rolloutId: number,
  options: ParsedOptions,
): Promise<TenantMigrationResult> {
  const started = performance.now();
  const startedAt = new Date();
  const base = { slug: tenant.slug, fromVersionNumber: tenant.fromVersionNumber };
  for (let attempt = 1; ; attempt++) {
    try {
      const ledgerId = await pool.oneFirst(sql.type(z.object({ id: z.number().nullable() }))`
        SELECT platform.migrate_tenant(${tenant.id}, ${plan.targetVersion}, ${rolloutId}, ${`${options.lockTimeoutMs}ms`}, ${attempt})::int AS id`);
      return { ...base, ok: true, skipped: ledgerId === null, ms: performance.now() - started, attempts: attempt };
    } catch (error) {
      const pg = findPgError(error);
      if (pg && retryableCodes.has(pg.code) && attempt <= options.retries) {
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1) * (0.5 + Math.random())));
        continue;
      }
      const message = pg ? `${pg.message}${pg.hint ? ` (${pg.hint})` : ""}` : (error as Error).message;
      const ms = performance.now() - started;
      await pool.query(sql.unsafe`
        INSERT INTO platform.tenant_migrations
          (rollout_id, tenant_id, from_version_number, to_version_number, started_at, finished_at, duration_ms, attempts, error)
        VALUES (${rolloutId}, ${tenant.id}, ${tenant.fromVersionNumber}, ${plan.toVersionNumber}, ${startedAt.toISOString()},
          now(), ${ms.toFixed(3)}, ${attempt}, ${message})`);
      return { ...base, ok: false, skipped: false, ms, attempts: attempt, error: message };
    }
  }
}

async function startRollout(pool: DatabasePool, plan: MigrationPlan, options: ParsedOptions): Promise<number> {
  return pool.oneFirst(sql.type(z.object({ id: z.number() }))`
    INSERT INTO platform.template_rollouts (target_version, to_version_number, options)
    VALUES (${plan.targetVersion}, ${plan.toVersionNumber}, ${sql.jsonb({
      concurrency: options.concurrency,
      canary: options.canary ?? null,
      wavePercent: options.wavePercent ?? null,
      lockTimeoutMs: options.lockTimeoutMs,
      retries: options.retries,
      maxFailureRate: options.maxFailureRate,
      tenants: plan.pending.length,
    })})
    RETURNING id::int`);
}

async function finishRollout(pool: DatabasePool, rolloutId: number, stopReason: string | null): Promise<void> {
  await pool.query(sql.unsafe`
    UPDATE platform.template_rollouts
    SET status = ${stopReason ? "stopped" : "finished"}, stop_reason = ${stopReason}, finished_at = now()
    WHERE id = ${rolloutId}`);
}
