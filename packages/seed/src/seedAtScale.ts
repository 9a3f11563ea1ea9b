import { NotFoundError } from "@erp/db";
import { parseInput, slugSchema, tierSchema } from "@erp/tenancy";
import { type DatabasePool, type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import { loadColumnTypes } from "./db/columnTypes.ts";
import { ensureReference } from "./db/ensureReference.ts";
import { Calendar } from "./generate/calendar.ts";
import { baseDayOf } from "./generate/seedNumbers.ts";
import { seedBatch, totalRows } from "./seedBatch.ts";
import { tierSpecs } from "./tiers/tierSpecs.ts";

export type SeedAtScaleProgress = { unitsDone: number; units: number; rows: number };

export type SeedAtScaleInput = {
  slug: string;
  /** How many times the tier's volumes to add (a whole number ≥ 1). */
  scale: number;
  /** Seed of the added data (default: the tenant's demo seed). */
  seed?: string;
  onProgress?: (progress: SeedAtScaleProgress) => void;
};

export type SeedAtScaleResult = { rows: number; ms: number; rowsPerSecond: number; units: number };

const inputSchema = z.object({
  slug: slugSchema,
  scale: z
    .number({ error: "scale must be a whole number" })
    .int({ error: "scale must be a whole number" })
    .min(1, { error: "scale must be at least 1" })
    .max(100_000, { error: "scale must be at most 100000" }),
  seed: z
    .string({ error: "seed must be a string" })
    .min(1, { error: "seed must not be empty" })
    .max(100, { error: "seed must be at most 100 characters" })
    .optional(),
});

/**
 * Units per transaction: one round trip per table per batch, so bigger batches go faster, while
 * each batch stays a short transaction (≈ 37k rows at enterprise volumes) and progress moves.
 */
const unitsPerBatch = 10;
/**
 * Batches in flight. About two thirds of the CPU time per row is PostgreSQL's (foreign-key checks,
 * index updates) in the batch's backend, a third is Node generating rows; with a second batch in
 * flight both cores work (enterprise at scale 100 on 2 idle cores: ≈ 52k rows/s, ≈ 28k with one).
 * The ledger tail of a batch is serialized by a lock, so more would mostly queue.
 */
const concurrentBatches = 2;

const tenantRow = z.object({
  id: z.uuid(),
  schema_name: z.string(),
  tier: tierSchema,
  demo_seed: z.string().nullable(),
  seeded_at: z.coerce.date().nullable(),
});

/**
 * Adds `scale` × the tier's volumes to an existing tenant, for load tests, in batches of units,
 * each its own transaction (a failure keeps the batches before it). Every unit has its own
 * business keys (`U0007-SKU-00001`, `U0007-SO-000001`, ...), numbered on from the tenant's earlier
 * runs as recorded in the registry's event log; runs on one tenant queue behind each other. The
 * data books into the tenant's accounts and periods (reference data is created once if missing)
 * and every invariant holds after every batch.
 */
export async function seedAtScale(pool: DatabasePool, input: SeedAtScaleInput): Promise<SeedAtScaleResult> {
  const { slug, scale, seed } = parseInput(inputSchema, { slug: input.slug, scale: input.scale, seed: input.seed });
  const tenant = await pool.maybeOne(sql.type(tenantRow)`
    SELECT t.id, t.schema_name, t.tier,
      (SELECT e.data->>'seed' FROM platform.tenant_events e WHERE e.tenant_id = t.id AND e.kind = 'seeded' ORDER BY e.id LIMIT 1) AS demo_seed,
      (SELECT e.occurred_at FROM platform.tenant_events e WHERE e.tenant_id = t.id AND e.kind = 'seeded' ORDER BY e.id LIMIT 1) AS seeded_at
    FROM platform.tenants t
    WHERE t.slug = ${slug} AND t.status <> 'deprovisioned'`);
  if (!tenant) throw new NotFoundError(`No tenant has the slug '${slug}'.`);
  const spec = tierSpecs[tenant.tier];
  // The calendar follows the tenant's demo data (its day), so added history shares its fiscal periods.
  const baseSeed = tenant.demo_seed ?? slug;
  const calendar = new Calendar(baseDayOf(tenant.seeded_at ?? new Date()));
  const schemaName = tenant.schema_name;

  return pool.connect(async (session) => {
    const runLock = sql.unsafe`hashtext(${`erp.seed.run:${tenant.id}`})`;
    await session.query(sql.unsafe`SELECT pg_advisory_lock(${runLock})`);
    try {
      const started = performance.now();
      const columnTypes = await loadColumnTypes(session, schemaName);
      const setup = await session.transaction(async (tx) => {
        const ensured = await ensureReference(tx, { schemaName, modules: spec.modules, seed: baseSeed, calendar, columnTypes });
        return { reference: ensured.reference, referenceRows: totalRows(ensured.inserted), firstUnit: await nextUnit(tx, tenant.id) };
      });
      const batches = Array.from({ length: Math.ceil(scale / unitsPerBatch) }, (_, index) => {
        const firstUnit = setup.firstUnit + index * unitsPerBatch;
        const count = Math.min(unitsPerBatch, scale - index * unitsPerBatch);
        const units = Array.from({ length: count }, (_, k) => ({
          number: firstUnit + k,
          seed: `${seed ?? baseSeed}:unit:${firstUnit + k}`,
        }));
        return { firstUnit, units };
      });

      let rows = setup.referenceRows;
      let unitsDone = 0;
      const work = async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          const { firstUnit, units } = batch;
          const written = await pool
            .transaction(async (tx) => {
              const tables = await seedBatch(tx, { schemaName, spec, calendar, reference: setup.reference, columnTypes, units });
              const event = { seed: baseSeed, unitSeed: seed ?? baseSeed, firstUnit, units: units.length, rows: totalRows(tables) };
              await tx.query(
                sql.unsafe`INSERT INTO platform.tenant_events (tenant_id, kind, data) VALUES (${tenant.id}, 'seeded', ${sql.jsonb(event)})`,
              );
              return event.rows;
            })
            .catch((error: unknown) => {
              batches.length = 0; // the other batch in flight finishes; no new one starts
              throw error;
            });
          rows += written;
          unitsDone += units.length;
          input.onProgress?.({ unitsDone, units: scale, rows });
        }
      };
      const outcomes = await Promise.allSettled(Array.from({ length: concurrentBatches }, work));
      for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
      const ms = performance.now() - started;
      return { rows, ms: Math.round(ms), rowsPerSecond: Math.round(rows / (ms / 1000)), units: scale };
    } finally {
      await session.query(sql.unsafe`SELECT pg_advisory_unlock(${runLock})`);
    }
  });
}

/** The tenant's next unit number: after the highest its earlier runs recorded (failed batches leave gaps, never repeats). */
async function nextUnit(connection: DatabaseTransactionConnection, tenantId: string): Promise<number> {
  const last = await connection.oneFirst(sql.type(z.object({ last: z.number() }))`
    SELECT coalesce(max((data->>'firstUnit')::integer + (data->>'units')::integer - 1), 0)::integer AS last
    FROM platform.tenant_events WHERE tenant_id = ${tenantId} AND kind = 'seeded' AND data ? 'firstUnit'`);
  return last + 1;
}
