import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/**
 * The rules of analytics planning (docs/modules/analytics-planning.md) that stay true after the
 * fact. A plan line's netting against the stock of its day cannot be rechecked later (stock moves
 * on); the CHECK demand_plan_lines_netting holds each line to its own recorded figures instead.
 */
export const planningInvariants: Invariant[] = [
  {
    module: "analytics",
    name: "a run's forecast equals its lines, one per period of the horizon",
    subjects: "forecasts",
    query: (t) => sql.fragment`
      SELECT f.id::text AS subject,
        f.forecast_quantity = coalesce(l.total, 0) AND coalesce(l.periods, 0) = r.horizon AND l.first_start = f.period_start
          AND l.last_end = f.period_end AND f.history_periods IS NOT NULL AS ok,
        format('forecast %s: %s over %s lines (%s–%s), lines say %s; the run has a horizon of %s', f.id, f.forecast_quantity,
          coalesce(l.periods, 0), f.period_start, f.period_end, coalesce(l.total, 0), r.horizon) AS detail
      FROM ${t("forecasts")} f
      JOIN ${t("forecast_runs")} r ON r.id = f.forecast_run_id
      LEFT JOIN (
        SELECT forecast_id, sum(quantity) AS total, count(*) AS periods, min(bucket_start) AS first_start, max(bucket_end) AS last_end
        FROM ${t("forecast_lines")} GROUP BY forecast_id
      ) l ON l.forecast_id = f.id`,
  },
  {
    module: "analytics",
    name: "scenario results are their forecast line times the multiplier",
    subjects: "scenario results",
    query: (t) => sql.fragment`
      SELECT r.id::text AS subject,
        r.baseline_value = l.quantity AND r.projected_value = round(l.quantity * r.multiplier, 4)
          AND r.product_id = f.product_id AND r.period_start = l.bucket_start AND r.period_end = l.bucket_end AS ok,
        format('result %s: %s × %s = %s, its forecast line says %s for %s', r.id, r.baseline_value, r.multiplier, r.projected_value,
          l.quantity, l.bucket_start) AS detail
      FROM ${t("scenario_results")} r
      JOIN ${t("forecast_lines")} l ON l.id = r.forecast_line_id
      JOIN ${t("forecasts")} f ON f.id = l.forecast_id`,
  },
  {
    module: "analytics",
    name: "a scenario projects one forecast run at a time",
    subjects: "scenarios",
    query: (t) => sql.fragment`
      SELECT r.scenario_id::text AS subject, count(DISTINCT f.forecast_run_id) = 1 AS ok,
        format('scenario %s projects %s forecast runs', r.scenario_id, count(DISTINCT f.forecast_run_id)) AS detail
      FROM ${t("scenario_results")} r
      JOIN ${t("forecast_lines")} l ON l.id = r.forecast_line_id
      JOIN ${t("forecasts")} f ON f.id = l.forecast_id
      GROUP BY r.scenario_id`,
  },
  {
    module: "analytics",
    name: "demand plan totals equal their lines, one per forecast of the run",
    subjects: "demand plans",
    query: (t) => sql.fragment`
      SELECT p.plan_number AS subject,
        p.total_forecast_quantity = coalesce(l.forecast, 0) AND p.total_planned_quantity = coalesce(l.planned, 0)
          AND p.total_suggested_quantity = coalesce(l.suggested, 0) AND coalesce(l.lines, 0) = fc.forecasts
          AND coalesce(l.matched, 0) = fc.forecasts AS ok,
        format('%s: totals %s / %s / %s over %s lines, lines say %s / %s / %s; the run has %s forecasts', p.plan_number,
          p.total_forecast_quantity, p.total_planned_quantity, p.total_suggested_quantity, coalesce(l.lines, 0),
          coalesce(l.forecast, 0), coalesce(l.planned, 0), coalesce(l.suggested, 0), fc.forecasts) AS detail
      FROM ${t("demand_plans")} p
      CROSS JOIN LATERAL (SELECT count(*) AS forecasts FROM ${t("forecasts")} WHERE forecast_run_id = p.forecast_run_id) fc
      LEFT JOIN (
        SELECT dl.demand_plan_id, count(*) AS lines, sum(dl.forecast_quantity) AS forecast, sum(dl.planned_quantity) AS planned,
          sum(dl.suggested_quantity) AS suggested,
          count(*) FILTER (WHERE f.id IS NOT NULL AND dl.forecast_quantity = f.forecast_quantity AND dl.product_id = f.product_id
            AND dl.suggested_quantity IS NOT NULL) AS matched
        FROM ${t("demand_plan_lines")} dl LEFT JOIN ${t("forecasts")} f ON f.id = dl.forecast_id
        GROUP BY dl.demand_plan_id
      ) l ON l.demand_plan_id = p.id
      WHERE p.forecast_run_id IS NOT NULL`,
  },
  {
    module: "analytics",
    name: "a computed plan line without a scenario plans its forecast",
    subjects: "demand plan lines",
    query: (t) => sql.fragment`
      SELECT dl.id::text AS subject, dl.planned_quantity = dl.forecast_quantity AS ok,
        format('plan %s line %s: planned %s, forecast %s', p.plan_number, dl.id, dl.planned_quantity, dl.forecast_quantity) AS detail
      FROM ${t("demand_plan_lines")} dl
      JOIN ${t("demand_plans")} p ON p.id = dl.demand_plan_id
      WHERE p.forecast_run_id IS NOT NULL AND p.scenario_id IS NULL`,
  },
  {
    module: "analytics",
    name: "an approved plan ordered its suggestions from their vendors",
    subjects: "demand plan lines",
    query: (t) => sql.fragment`
      SELECT dl.id::text AS subject,
        CASE WHEN p.status = 'approved' AND dl.vendor_id IS NOT NULL AND dl.suggested_quantity > 0
          THEN po.vendor_id = dl.vendor_id AND coalesce(poi.quantity, 0) = dl.suggested_quantity
          ELSE dl.purchase_order_id IS NULL END AS ok,
        format('plan %s (%s) line %s: suggests %s from vendor %s, purchase order %s orders %s from %s', p.plan_number, p.status, dl.id,
          dl.suggested_quantity, dl.vendor_id, dl.purchase_order_id, poi.quantity, po.vendor_id) AS detail
      FROM ${t("demand_plan_lines")} dl
      JOIN ${t("demand_plans")} p ON p.id = dl.demand_plan_id
      LEFT JOIN ${t("purchase_orders")} po ON po.id = dl.purchase_order_id
      LEFT JOIN LATERAL (
        SELECT sum(quantity_ordered) AS quantity FROM ${t("purchase_order_items")}
        WHERE purchase_order_id = dl.purchase_order_id AND product_id = dl.product_id
      ) poi ON true
      WHERE p.forecast_run_id IS NOT NULL`,
  },
];
