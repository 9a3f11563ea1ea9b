import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import {
  forecastLinesColumns,
  forecastLinesRow,
  forecastRunsColumns,
  forecastRunsRow,
  forecastsColumns,
  forecastsRow,
} from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { sumUnits } from "../../inventory/decimalUnits.ts";
import { forecastSeries, type Period, type RequestedMethod } from "./forecastMethods.ts";

export const forecastWithLines = forecastsRow.extend({ lines: z.array(forecastLinesRow) });
/** A forecast run with one forecast per product, each with its buckets, as analytics.forecasts answers. */
export const forecastRunWithForecasts = forecastRunsRow.extend({ forecasts: z.array(forecastWithLines) });
export type ForecastRunWithForecasts = z.infer<typeof forecastRunWithForecasts>;

export type CreateForecastInput = {
  product_id?: string | null | undefined;
  category_id?: string | null | undefined;
  period: Period;
  horizon: number;
  method?: RequestedMethod | undefined;
  /** The day the forecast is made on (default today, UTC): history is every full period before its period. */
  as_of?: string | undefined;
};

/** The longest a horizon may be, per period (the CHECKs forecast_runs_horizon_* say it again). */
export const horizonLimit: Record<Period, number> = { month: 24, week: 104 };
/** How far back history is read: 5 years. */
const lookback: Record<Period, string> = { month: "60 months", week: "260 weeks" };
/** The most products one run forecasts. */
export const productLimit = 500;

const historyRow = z.object({ productId: z.uuid(), units: z.string() });
const bucketRow = z.object({ start: z.iso.date(), end: z.iso.date() });

/**
 * Forecasts the units of a product, or of every product of a category (primary or additional, not
 * archived), for `horizon` periods from the period holding `as_of`. History = units on the lines of
 * orders that were not cancelled, per period of ordering (UTC), from the product's first sale (at
 * most 5 years back) to the last full period before `as_of`'s: orders rather than shipments,
 * because demand is what customers asked for, when they asked; shipments lag and miss what could
 * not be shipped. Each product's forecast records the method actually used (forecastMethods.ts).
 */
export async function createForecast(tx: TenantQueries, input: CreateForecastInput, actor: Actor): Promise<ForecastRunWithForecasts> {
  const period = input.period;
  if (!Number.isInteger(input.horizon) || input.horizon < 1 || input.horizon > horizonLimit[period]) {
    throw new InvalidInputError(`horizon: must be a whole number from 1 to ${horizonLimit[period]} ${period}s.`);
  }
  if (Boolean(input.product_id) === Boolean(input.category_id)) {
    throw new InvalidInputError("product_id: name either a product (product_id) or a category (category_id).");
  }
  const productIds = await scopeProducts(tx, input);
  const requested = input.method ?? "auto";
  const step = `1 ${period}`;
  const asOf = input.as_of ?? null;
  const buckets = await tx.any(sql.type(bucketRow)`
    SELECT g::date::text AS start, (g + ${step}::interval - interval '1 day')::date::text AS "end"
    FROM generate_series(date_trunc(${period}, coalesce(${asOf}::date, (now() AT TIME ZONE 'UTC')::date)::timestamp),
      date_trunc(${period}, coalesce(${asOf}::date, (now() AT TIME ZONE 'UTC')::date)::timestamp) + (${input.horizon - 1} * ${step}::interval),
      ${step}::interval) g
    ORDER BY g`);
  const firstBucket = (buckets[0] as z.infer<typeof bucketRow>).start;
  const history = await salesHistory(tx, productIds, period, firstBucket);

  const runId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO forecast_runs (product_id, category_id, period, horizon, as_of, requested_method, created_by_user_id)
    VALUES (${input.product_id ?? null}::uuid, ${input.category_id ?? null}::uuid, ${period}, ${input.horizon},
      coalesce(${asOf}::date, (now() AT TIME ZONE 'UTC')::date), ${requested}, ${actor.userId}::uuid)
    RETURNING id`);
  const lastBucket = buckets.at(-1) as z.infer<typeof bucketRow>;
  for (const productId of productIds) {
    const series = history.get(productId) ?? [];
    const outcome = forecastSeries(series, input.horizon, period, requested);
    const forecastId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
      INSERT INTO forecasts (product_id, period_start, period_end, forecast_quantity, method, confidence, status, forecast_run_id, history_periods)
      VALUES (${productId}, ${firstBucket}::date, ${lastBucket.end}::date, ${sumUnits(outcome.points.map((point) => point.quantity))},
        ${outcome.method}, ${outcome.points[0]?.lower === null ? null : "95"}::numeric, 'published', ${runId}, ${series.length})
      RETURNING id`);
    await tx.query(sql.unsafe`
      INSERT INTO forecast_lines (forecast_id, bucket_start, bucket_end, quantity, lower_bound, upper_bound)
      SELECT ${forecastId}, l.bucket_start, l.bucket_end, l.quantity, l.lower_bound, l.upper_bound
      FROM ${sql.unnest(
        outcome.points.map((point, index) => {
          const bucket = buckets[index] as z.infer<typeof bucketRow>;
          return [bucket.start, bucket.end, point.quantity, point.lower, point.upper];
        }),
        ["date", "date", "numeric", "numeric", "numeric"],
      )} AS l(bucket_start, bucket_end, quantity, lower_bound, upper_bound)`);
  }
  await recordAudit(tx, actor, {
    action: "create",
    entity: "forecast_runs",
    entityId: runId,
    after: {
      product_id: input.product_id ?? null,
      category_id: input.category_id ?? null,
      period,
      horizon: input.horizon,
      method: requested,
    },
  });
  return loadForecastRun(tx, runId);
}

async function scopeProducts(tx: TenantQueries, input: CreateForecastInput): Promise<string[]> {
  if (input.product_id) {
    const found = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM products WHERE id = ${input.product_id}`);
    if (!found) throw new InvalidInputError("product_id: no product has that id.");
    return [found];
  }
  const category = input.category_id as string;
  const known = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM categories WHERE id = ${category}`);
  if (!known) throw new InvalidInputError("category_id: no category has that id.");
  const ids = await tx.anyFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT p.id FROM products p
    WHERE p.status <> 'archived'
      AND (p.category_id = ${category} OR EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ${category}))
    ORDER BY p.id LIMIT ${productLimit + 1}`);
  if (ids.length === 0) throw new InvalidInputError("category_id: the category has no products to forecast.");
  if (ids.length > productLimit)
    throw new InvalidInputError(`category_id: the category has more than ${productLimit} products; forecast a narrower one.`);
  return [...ids];
}

/**
 * Units sold per product and period, oldest first, from each product's first sale in the lookback
 * window to the period before `before` (periods without sales are 0). Computed in SQL: a product
 * with no sale has no history.
 */
export async function salesHistory(
  tx: TenantQueries,
  productIds: readonly string[],
  period: Period,
  before: string,
): Promise<Map<string, number[]>> {
  const step = `1 ${period}`;
  const rows = await tx.any(sql.type(historyRow)`
    WITH sold AS (
      SELECT i.product_id, date_trunc(${period}, o.ordered_at AT TIME ZONE 'UTC') AS bucket, sum(i.quantity) AS units
      FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE o.status <> 'cancelled' AND i.product_id = ANY(${sql.array(productIds, "uuid")})
        AND o.ordered_at >= ((${before}::date - ${lookback[period]}::interval) AT TIME ZONE 'UTC')
        AND o.ordered_at < (${before}::date::timestamp AT TIME ZONE 'UTC')
      GROUP BY 1, 2
    ), firsts AS (
      SELECT product_id, min(bucket) AS first_bucket FROM sold GROUP BY product_id
    )
    SELECT f.product_id AS "productId", coalesce(s.units, 0)::text AS units
    FROM firsts f
    CROSS JOIN LATERAL generate_series(f.first_bucket, ${before}::date - ${step}::interval, ${step}::interval) g(bucket)
    LEFT JOIN sold s ON s.product_id = f.product_id AND s.bucket = g.bucket
    ORDER BY f.product_id, g.bucket`);
  const history = new Map<string, number[]>();
  for (const row of rows) history.set(row.productId, [...(history.get(row.productId) ?? []), Number(row.units)]);
  return history;
}

/** The run, its forecasts (by product id) and their lines (by period); NotFoundError when there is no such run. */
export async function loadForecastRun(tx: TenantQueries, runId: string): Promise<ForecastRunWithForecasts> {
  const run = await tx.maybeOne(sql.type(forecastRunsRow)`SELECT ${forecastRunsColumns} FROM forecast_runs WHERE id = ${runId}`);
  if (!run) throw new NotFoundError(`No forecast has the id ${runId}.`);
  const forecasts = await tx.any(
    sql.type(forecastsRow)`SELECT ${forecastsColumns} FROM forecasts WHERE forecast_run_id = ${runId} ORDER BY product_id`,
  );
  const lines = await tx.any(sql.type(forecastLinesRow)`
    SELECT ${forecastLinesColumns} FROM forecast_lines
    WHERE forecast_id IN (SELECT id FROM forecasts WHERE forecast_run_id = ${runId}) ORDER BY forecast_id, bucket_start`);
  return {
    ...run,
    forecasts: forecasts.map((forecast) => ({ ...forecast, lines: lines.filter((line) => line.forecast_id === forecast.id) })),
  };
}

export type ListForecastRunsInput = {
  cursor?: string | undefined;
  limit: number;
  product_id?: string | undefined;
  category_id?: string | undefined;
};

/** Forecast runs (without their forecasts), oldest first, one page. */
export async function listForecastRuns(tx: TenantQueries, input: ListForecastRunsInput) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.product_id) conditions.push(sql.fragment`product_id = ${input.product_id}`);
  if (input.category_id) conditions.push(sql.fragment`category_id = ${input.category_id}`);
  const rows = await tx.any(sql.type(forecastRunsRow)`
    SELECT ${forecastRunsColumns} FROM forecast_runs WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
