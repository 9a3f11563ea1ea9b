import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { scenarioMultipliersColumns, scenarioMultipliersRow, scenarioResultsColumns, scenarioResultsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";

export const scenarioMultipliers = z.object({ scenario_id: z.uuid(), multipliers: z.array(scenarioMultipliersRow) });
export const scenarioProjection = z.object({ scenario_id: z.uuid(), forecast_id: z.uuid(), results: z.array(scenarioResultsRow) });
export const scenarioComparison = z.object({
  forecast_id: z.uuid(),
  scenarios: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  /** Per period of the forecast: the base forecast (all its products) and each scenario's projection, in the order of `scenarios`. */
  periods: z.array(
    z.object({ bucket_start: z.iso.date(), bucket_end: z.iso.date(), base_quantity: z.string(), scenario_quantities: z.array(z.string()) }),
  ),
});

export type MultiplierInput = { category_id?: string | null | undefined; multiplier: string };

async function requireScenario(tx: TenantQueries, scenarioId: string) {
  const scenario = await tx.maybeOne(sql.type(z.object({ id: z.uuid(), code: z.string(), name: z.string() }))`
    SELECT id, code, name FROM scenarios WHERE id = ${scenarioId} FOR UPDATE`);
  if (!scenario) throw new NotFoundError(`No scenario has the id ${scenarioId}.`);
  return scenario;
}

async function requireForecastRun(tx: TenantQueries, runId: string): Promise<void> {
  const found = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM forecast_runs WHERE id = ${runId}`);
  if (!found) throw new NotFoundError(`No forecast has the id ${runId}.`);
}

/**
 * Replaces a scenario's named multipliers: one per category, and at most one for every product
 * (category_id null). A product takes its primary category's multiplier, else the all-products
 * one, else 1. Results already applied keep the multipliers they were computed with.
 */
export async function setScenarioMultipliers(
  tx: TenantQueries,
  input: { id: string; multipliers: readonly MultiplierInput[] },
  actor: Actor,
): Promise<z.infer<typeof scenarioMultipliers>> {
  await requireScenario(tx, input.id);
  const seen = new Set<string>();
  for (const [index, entry] of input.multipliers.entries()) {
    const key = entry.category_id ?? "all";
    if (seen.has(key)) throw new InvalidInputError(`multipliers.${index}.category_id: the scenario already has a multiplier for it.`);
    seen.add(key);
    if (!(Number(entry.multiplier) > 0)) throw new InvalidInputError(`multipliers.${index}.multiplier: must be greater than 0.`);
    if (entry.category_id) {
      const known = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM categories WHERE id = ${entry.category_id}`);
      if (!known) throw new InvalidInputError(`multipliers.${index}.category_id: no category has that id.`);
    }
  }
  const before = await tx.any(sql.type(scenarioMultipliersRow)`
    SELECT ${scenarioMultipliersColumns} FROM scenario_multipliers WHERE scenario_id = ${input.id} ORDER BY id`);
  await tx.query(sql.unsafe`DELETE FROM scenario_multipliers WHERE scenario_id = ${input.id}`);
  if (input.multipliers.length > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO scenario_multipliers (scenario_id, category_id, multiplier)
      SELECT ${input.id}, m.category_id, m.multiplier
      FROM ${sql.unnest(
        input.multipliers.map((entry) => [entry.category_id ?? null, entry.multiplier]),
        ["uuid", "numeric"],
      )} AS m(category_id, multiplier)`);
  }
  const multipliers = await tx.any(sql.type(scenarioMultipliersRow)`
    SELECT ${scenarioMultipliersColumns} FROM scenario_multipliers WHERE scenario_id = ${input.id} ORDER BY category_id NULLS FIRST, id`);
  await recordAudit(tx, actor, {
    action: "set_multipliers",
    entity: "scenarios",
    entityId: input.id,
    before: { multipliers: before.map((row) => ({ category_id: row.category_id, multiplier: row.multiplier })) },
    after: { multipliers: multipliers.map((row) => ({ category_id: row.category_id, multiplier: row.multiplier })) },
  });
  return { scenario_id: input.id, multipliers: [...multipliers] };
}

/**
 * Applies a scenario's multipliers over a forecast: one result per forecast line, projected =
 * baseline (the line's quantity) × the product's multiplier, rounded to 4 decimals (the CHECK
 * scenario_results_multiplied says it again). A scenario holds its projection over one forecast:
 * applying it again, to this or another forecast, replaces the previous one.
 */
export async function applyScenario(
  tx: TenantQueries,
  input: { id: string; forecast_id: string },
  actor: Actor,
): Promise<z.infer<typeof scenarioProjection>> {
  await requireScenario(tx, input.id);
  await requireForecastRun(tx, input.forecast_id);
  await tx.query(sql.unsafe`DELETE FROM scenario_results WHERE scenario_id = ${input.id} AND forecast_line_id IS NOT NULL`);
  await tx.query(sql.unsafe`
    INSERT INTO scenario_results (scenario_id, product_id, period_start, period_end, projected_value, baseline_value, forecast_line_id, multiplier)
    SELECT ${input.id}, f.product_id, l.bucket_start, l.bucket_end, round(l.quantity * m.multiplier, 4), l.quantity, l.id, m.multiplier
    FROM forecasts f
    JOIN forecast_lines l ON l.forecast_id = f.id
    JOIN products p ON p.id = f.product_id
    CROSS JOIN LATERAL (
      SELECT coalesce(
        (SELECT multiplier FROM scenario_multipliers WHERE scenario_id = ${input.id} AND category_id = p.category_id),
        (SELECT multiplier FROM scenario_multipliers WHERE scenario_id = ${input.id} AND category_id IS NULL),
        1) AS multiplier
    ) m
    WHERE f.forecast_run_id = ${input.forecast_id}`);
  const results = await tx.any(sql.type(scenarioResultsRow)`
    SELECT ${scenarioResultsColumns} FROM scenario_results
    WHERE scenario_id = ${input.id} AND forecast_line_id IS NOT NULL ORDER BY product_id, period_start`);
  await recordAudit(tx, actor, {
    action: "apply",
    entity: "scenarios",
    entityId: input.id,
    after: { forecast_id: input.forecast_id, results: results.length },
  });
  return { scenario_id: input.id, forecast_id: input.forecast_id, results: [...results] };
}

/**
 * Scenarios side by side over a forecast, per period: the base forecast (summed over its
 * products) and each scenario's projection. Every scenario must have been applied to the forecast.
 */
export async function compareScenarios(
  tx: TenantQueries,
  input: { forecast_id: string; scenario_ids: readonly string[] },
): Promise<z.infer<typeof scenarioComparison>> {
  await requireForecastRun(tx, input.forecast_id);
  const scenarios = [];
  for (const [index, scenarioId] of input.scenario_ids.entries()) {
    const scenario = await tx.maybeOne(sql.type(z.object({ id: z.uuid(), code: z.string(), name: z.string(), applied: z.boolean() }))`
      SELECT s.id, s.code, s.name, EXISTS (
        SELECT 1 FROM scenario_results r JOIN forecast_lines l ON l.id = r.forecast_line_id JOIN forecasts f ON f.id = l.forecast_id
        WHERE r.scenario_id = s.id AND f.forecast_run_id = ${input.forecast_id}) AS applied
      FROM scenarios s WHERE s.id = ${scenarioId}`);
    if (!scenario) throw new NotFoundError(`No scenario has the id ${scenarioId}.`);
    if (!scenario.applied) {
      throw new InvalidInputError(
        `scenario_ids.${index}: the scenario ${scenario.code} is not applied to this forecast; project it first (analytics.scenarios.project).`,
      );
    }
    scenarios.push({ id: scenario.id, code: scenario.code, name: scenario.name });
  }
  const rows = await tx.any(sql.type(
    z.object({ bucket_start: z.iso.date(), bucket_end: z.iso.date(), base_quantity: z.string(), scenario_quantities: z.array(z.string()) }),
  )`
    SELECT l.bucket_start::text, l.bucket_end::text, sum(l.quantity)::numeric(18,4)::text AS base_quantity,
      coalesce((
        SELECT array_agg(coalesce(q.total, 0)::numeric(18,4)::text ORDER BY s.position)
        FROM unnest(${sql.array(
          scenarios.map((scenario) => scenario.id),
          "uuid",
        )}::uuid[]) WITH ORDINALITY AS s(id, position)
        LEFT JOIN LATERAL (
          SELECT sum(r.projected_value) AS total FROM scenario_results r
          JOIN forecast_lines rl ON rl.id = r.forecast_line_id JOIN forecasts rf ON rf.id = rl.forecast_id
          WHERE r.scenario_id = s.id AND rf.forecast_run_id = ${input.forecast_id} AND rl.bucket_start = l.bucket_start
        ) q ON true
      ), ARRAY[]::text[]) AS scenario_quantities
    FROM forecast_lines l JOIN forecasts f ON f.id = l.forecast_id
    WHERE f.forecast_run_id = ${input.forecast_id}
    GROUP BY l.bucket_start, l.bucket_end ORDER BY l.bucket_start`);
  return { forecast_id: input.forecast_id, scenarios, periods: [...rows] };
}
