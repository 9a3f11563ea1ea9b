import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { kpiDefinitionsColumns, kpiDefinitionsRow, kpiValuesColumns, kpiValuesRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import type { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { checkDateRange } from "../rollups/dateRange.ts";
import { kpiMetricKeys, kpiMetrics, measureMetric } from "./metrics.ts";

export type KpiValue = z.infer<typeof kpiValuesRow>;

export type EvaluateKpiInput = {
  kpi_definition_id: string;
  period_start: string;
  period_end: string;
  /** Measure one channel's sales only (sales metrics); none: the whole tenant. */
  channel_id?: string | null | undefined;
};

/**
 * Computes a KPI definition's value for a period (and channel) from its metric and stores it in
 * kpi_values: one row per definition, period and channel, so evaluating again replaces the value
 * (and stamps computed_at) only when it changed. The definition must name a metric and be active.
 */
export async function evaluateKpi(tx: TenantQueries, input: EvaluateKpiInput, actor: Actor): Promise<KpiValue> {
  checkDateRange({ from: input.period_start, to: input.period_end }, { from: "period_start", to: "period_end" });
  const definition = await tx.maybeOne(sql.type(kpiDefinitionsRow)`
    SELECT ${kpiDefinitionsColumns} FROM kpi_definitions WHERE id = ${input.kpi_definition_id}`);
  if (!definition) throw new NotFoundError(`No KPI definition has the id ${input.kpi_definition_id}.`);
  if (!definition.metric) {
    throw new InvalidInputError(
      `kpi_definition_id: the KPI definition ${definition.code} names no metric; set its metric to one of ${kpiMetricKeys.join(", ")}.`,
    );
  }
  if (!definition.is_active) throw new InvalidInputError(`kpi_definition_id: the KPI definition ${definition.code} is not active.`);
  const channelId = input.channel_id ?? null;
  if (channelId) {
    if (!kpiMetrics[definition.metric].perChannel) {
      throw new InvalidInputError(`channel_id: the metric ${definition.metric} is measured for the whole tenant, not per channel.`);
    }
    const exists = await tx.exists(sql.unsafe`SELECT 1 FROM channels WHERE id = ${channelId}`);
    if (!exists) throw new NotFoundError(`No channel has the id ${channelId}.`);
  }
  const value = await measureMetric(tx, definition.metric, { start: input.period_start, end: input.period_end, channelId });
  const before = await tx.maybeOne(sql.type(kpiValuesRow)`
    SELECT ${kpiValuesColumns} FROM kpi_values WHERE kpi_definition_id = ${definition.id} AND period_start = ${input.period_start}::date
      AND period_end = ${input.period_end}::date AND channel_id IS NOT DISTINCT FROM ${channelId}::uuid FOR UPDATE`);
  if (before && before.value === value) return before;
  const after = await tx.one(sql.type(kpiValuesRow)`
    INSERT INTO kpi_values AS v (kpi_definition_id, channel_id, period_start, period_end, value)
    VALUES (${definition.id}, ${channelId}::uuid, ${input.period_start}::date, ${input.period_end}::date, ${value}::numeric)
    ON CONFLICT (kpi_definition_id, period_start, period_end, channel_id)
      DO UPDATE SET value = excluded.value, computed_at = now(), updated_at = now()
    RETURNING ${kpiValuesColumns}`);
  await recordAudit(tx, actor, { action: before ? "update" : "create", entity: "kpi_values", entityId: after.id, before, after });
  return after;
}

export type KpiValueFilter = {
  kpi_definition_id?: string | undefined;
  channel_id?: string | undefined;
  /** Values of periods overlapping from–to. */
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Stored KPI values, oldest first, a keyset page; NOT_FOUND for a definition that does not exist. */
export async function listKpiValues(tx: TenantQueries, filter: KpiValueFilter): Promise<{ items: KpiValue[]; nextCursor: string | null }> {
  if (filter.from && filter.to) checkDateRange({ from: filter.from, to: filter.to });
  if (filter.kpi_definition_id) {
    const exists = await tx.exists(sql.unsafe`SELECT 1 FROM kpi_definitions WHERE id = ${filter.kpi_definition_id}`);
    if (!exists) throw new NotFoundError(`No KPI definition has the id ${filter.kpi_definition_id}.`);
  }
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.kpi_definition_id) conditions.push(sql.fragment`kpi_definition_id = ${filter.kpi_definition_id}`);
  if (filter.channel_id) conditions.push(sql.fragment`channel_id = ${filter.channel_id}`);
  if (filter.from) conditions.push(sql.fragment`period_end >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql.fragment`period_start <= ${filter.to}::date`);
  const rows = await tx.any(sql.type(kpiValuesRow)`
    SELECT ${kpiValuesColumns} FROM kpi_values WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
