import type { TenantQueries } from "@erp/db";
import type { kpiDefinitionsMetric } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/**
 * The metrics a KPI definition may name (kpi_definitions.metric; the database's CHECK holds the
 * same list): each is a query written here, never one of the client's. Sales metrics read the
 * daily rollups (orders placed, not cancelled, net of discounts, before tax and shipping) and may
 * be measured per channel; the others read the general ledger (postings), by account subtype
 * or posting purpose, for the whole tenant.
 */
export const kpiMetrics = {
  net_revenue: { unit: "money", perChannel: true, summary: "Net sales of the orders placed in the period (daily_sales)." },
  orders_count: { unit: "count", perChannel: true, summary: "Orders placed in the period and not cancelled (daily_sales)." },
  units_sold: { unit: "count", perChannel: true, summary: "Units on those orders (daily_sales)." },
  average_order_value: {
    unit: "money",
    perChannel: true,
    summary: "Net sales ÷ orders in the period, rounded to 4 places; 0 without orders.",
  },
  invoiced_revenue: {
    unit: "money",
    perChannel: false,
    summary: "Credits less debits on the revenue account (invoices less credit notes and cancellations) dated in the period.",
  },
  cost_of_goods_sold: {
    unit: "money",
    perChannel: false,
    summary: "Debits less credits on the cost-of-goods-sold account (shipments less restocks) dated in the period.",
  },
  gross_margin: {
    unit: "percent",
    perChannel: false,
    summary: "(invoiced revenue − cost of goods sold) ÷ invoiced revenue × 100, rounded to 4 places; 0 without revenue.",
  },
  receivables_open: { unit: "money", perChannel: false, summary: "Balance of the receivable accounts at the period's end." },
  days_sales_outstanding: {
    unit: "days",
    perChannel: false,
    summary:
      "Receivables open at the period's end ÷ what was billed to receivables in the period (their debits) × the period's days, rounded to 4 places; 0 when nothing was billed.",
  },
  inventory_value: { unit: "money", perChannel: false, summary: "Balance of the inventory accounts at the period's end." },
  stock_turn: {
    unit: "ratio",
    perChannel: false,
    summary:
      "Cost of goods sold in the period ÷ the average of the inventory accounts' balances at its start (the day before) and its end, rounded to 4 places; 0 without inventory.",
  },
  payables_open: {
    unit: "money",
    perChannel: false,
    summary: "Balance of the payable accounts at the period's end (a credit balance is positive).",
  },
} as const satisfies Record<z.infer<typeof kpiDefinitionsMetric>, { unit: string; perChannel: boolean; summary: string }>;

export type KpiMetric = keyof typeof kpiMetrics;
export const kpiMetricKeys = Object.keys(kpiMetrics) as [KpiMetric, ...KpiMetric[]];

export type MetricPeriod = { start: string; end: string; channelId: string | null };

/** The metric's value for the period (and channel, for the sales metrics), as a decimal of 4 places. */
export async function measureMetric(tx: TenantQueries, metric: KpiMetric, period: MetricPeriod): Promise<string> {
  return tx.oneFirst(sql.type(z.object({ value: z.string() }))`SELECT (${expression(metric, period)})::numeric(18,4)::text AS value`);
}

function expression(metric: KpiMetric, period: MetricPeriod): FragmentSqlToken {
  const { start, end } = period;
  const sales = (column: string) => sql.fragment`(SELECT coalesce(sum(${sql.identifier([column])}), 0) FROM daily_sales
    WHERE sales_date BETWEEN ${start}::date AND ${end}::date AND channel_id IS NOT DISTINCT FROM ${period.channelId}::uuid)`;
  const ratio = (numerator: FragmentSqlToken, denominator: FragmentSqlToken) =>
    sql.fragment`(SELECT CASE WHEN d = 0 THEN 0 ELSE round(n / d, 4) END FROM (SELECT ${numerator} AS n, ${denominator} AS d) f)`;
  switch (metric) {
    case "net_revenue":
      return sales("net_revenue");
    case "orders_count":
      return sales("orders_count");
    case "units_sold":
      return sales("units_sold");
    case "average_order_value":
      return ratio(sales("net_revenue"), sales("orders_count"));
    case "invoiced_revenue":
      return invoicedRevenue(start, end);
    case "cost_of_goods_sold":
      return costOfGoodsSold(start, end);
    case "gross_margin":
      return ratio(sql.fragment`(${invoicedRevenue(start, end)} - ${costOfGoodsSold(start, end)}) * 100`, invoicedRevenue(start, end));
    case "receivables_open":
      return balanceAt("receivable", "debit", end);
    case "days_sales_outstanding":
      return ratio(
        sql.fragment`${balanceAt("receivable", "debit", end)} * (${end}::date - ${start}::date + 1)`,
        sql.fragment`(SELECT coalesce(sum(gl.debit), 0) FROM general_ledger gl JOIN chart_of_accounts a ON a.id = gl.account_id
          WHERE a.account_subtype = 'receivable' AND gl.entry_date BETWEEN ${start}::date AND ${end}::date)`,
      );
    case "inventory_value":
      return balanceAt("inventory", "debit", end);
    case "stock_turn":
      return ratio(
        costOfGoodsSold(start, end),
        sql.fragment`((${balanceAt("inventory", "debit", sql.fragment`${start}::date - 1`)} + ${balanceAt("inventory", "debit", end)}) / 2)`,
      );
    case "payables_open":
      return balanceAt("payable", "credit", end);
  }
}

/** Σ over the ledger rows of the posting purpose's account dated in the period, in the account's normal direction. */
function purposeFlow(purpose: string, normal: "debit" | "credit", start: string, end: string): FragmentSqlToken {
  const signed = normal === "debit" ? sql.fragment`gl.debit - gl.credit` : sql.fragment`gl.credit - gl.debit`;
  return sql.fragment`(SELECT coalesce(sum(${signed}), 0) FROM general_ledger gl
    JOIN posting_accounts pa ON pa.account_id = gl.account_id AND pa.purpose = ${purpose}
    WHERE gl.entry_date BETWEEN ${start}::date AND ${end}::date)`;
}

const invoicedRevenue = (start: string, end: string) => purposeFlow("revenue", "credit", start, end);
const costOfGoodsSold = (start: string, end: string) => purposeFlow("cost_of_goods_sold", "debit", start, end);

/** The balance of the accounts of a subtype (receivable, inventory, payable) over ledger rows dated up to `day`. */
function balanceAt(subtype: string, normal: "debit" | "credit", day: string | FragmentSqlToken): FragmentSqlToken {
  const signed = normal === "debit" ? sql.fragment`gl.debit - gl.credit` : sql.fragment`gl.credit - gl.debit`;
  const upTo = typeof day === "string" ? sql.fragment`${day}::date` : day;
  return sql.fragment`(SELECT coalesce(sum(${signed}), 0) FROM general_ledger gl JOIN chart_of_accounts a ON a.id = gl.account_id
    WHERE a.account_subtype = ${subtype} AND gl.entry_date <= ${upTo})`;
}
