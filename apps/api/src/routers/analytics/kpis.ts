import { kpiValuesRow } from "@erp/db-types";
import { evaluateKpi, kpiMetricKeys, kpiMetrics, listKpiValues } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, page, pageOf } from "../../validation/fields.ts";

const metricRow = z.object({ metric: z.enum(kpiMetricKeys), unit: z.string(), per_channel: z.boolean(), summary: z.string() });

/** KPIs (docs/modules/analytics.md): the whitelist of metrics, evaluation of a definition for a period, stored values. */
export const kpisRouter = router({
  metrics: moduleProcedure("analytics")
    .meta({
      summary: "The metrics a KPI definition may name, with their unit, whether they are measured per channel, and what they compute.",
    })
    .input(z.object({}).optional())
    .output(z.array(metricRow))
    .query(() =>
      kpiMetricKeys.map((metric) => ({
        metric,
        unit: kpiMetrics[metric].unit,
        per_channel: kpiMetrics[metric].perChannel,
        summary: kpiMetrics[metric].summary,
      })),
    ),

  evaluate: moduleProcedure("analytics", "write")
    .meta({
      summary:
        "Computes a KPI definition's metric for a period (at most 366 days; sales metrics optionally for one channel) and stores it in kpi_values, one row per definition, period and channel: evaluating again replaces the value only when it changed.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ kpi_definition_id: id, period_start: date, period_end: date, channel_id: id.nullish() }))
    .output(kpiValuesRow)
    .mutation(({ ctx, input }) => evaluateKpi(ctx.tx, input, ctx.actor)),

  values: moduleProcedure("analytics")
    .meta({
      summary: "Stored KPI values, oldest first, optionally of one definition or channel and of periods overlapping from–to.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ ...page, kpi_definition_id: id.optional(), channel_id: id.optional(), from: date.optional(), to: date.optional() }))
    .output(pageOf(kpiValuesRow))
    .query(({ ctx, input }) => listKpiValues(ctx.tx, input)),
});
