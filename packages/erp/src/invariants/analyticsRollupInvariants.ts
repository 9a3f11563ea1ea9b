import { type IdentifierSqlToken, sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/**
 * What the raw orders say per day and `key` (the order's channel through its attribution, or its
 * customer): orders not cancelled, their lines' units, gross (quantity × price) and discounts, by
 * the UTC day they were placed.
 */
const dayTotals = (t: (name: string) => IdentifierSqlToken, key: "channel" | "customer") => sql.fragment`
  SELECT (o.ordered_at AT TIME ZONE 'UTC')::date AS sales_date, ${key === "channel" ? sql.fragment`a.channel_id` : sql.fragment`o.customer_id`} AS key,
    count(DISTINCT o.id) AS orders, sum(i.quantity) AS units, sum(i.quantity * i.unit_price) AS gross, sum(i.discount_amount) AS discounts
  FROM ${t("orders")} o JOIN ${t("order_items")} i ON i.order_id = o.id
  ${key === "channel" ? sql.fragment`JOIN ${t("order_attributions")} a ON a.order_id = o.id` : sql.fragment``}
  WHERE o.status <> 'cancelled'
  GROUP BY 1, 2`;

/** A day-totals rollup (rows keyed by day and `column`) compared with the orders, row by row, both ways. */
const equalsOrders = (rollup: FragmentOf, column: "channel_id" | "customer_id", raw: FragmentOf) => sql.fragment`
  SELECT coalesce(r.sales_date, raw.sales_date)::text || '/' || coalesce(r.${sql.identifier([column])}, raw.key)::text AS subject,
    r.id IS NOT NULL AND raw.sales_date IS NOT NULL AND r.orders_count = raw.orders AND r.units_sold = raw.units
      AND r.gross_revenue = raw.gross AND r.discounts = raw.discounts AND r.net_revenue = raw.gross - raw.discounts AS ok,
    format('%s %s: rollup %s orders / %s units / net %s, orders say %s / %s / %s', coalesce(r.sales_date, raw.sales_date),
      coalesce(r.${sql.identifier([column])}, raw.key), r.orders_count, r.units_sold, r.net_revenue, raw.orders, raw.units,
      raw.gross - raw.discounts) AS detail
  FROM (${rollup}) r
  FULL JOIN (${raw}) raw ON raw.sales_date = r.sales_date AND raw.key = r.${sql.identifier([column])}`;

type FragmentOf = ReturnType<typeof sql.fragment>;

/** The rollups by channel and by customer that the analytics module keeps (docs/modules/analytics.md). */
export const analyticsRollupInvariants: Invariant[] = [
  {
    module: "analytics",
    name: "channel sales equal the attributed orders of each day",
    subjects: "channel days",
    query: (t) =>
      equalsOrders(sql.fragment`SELECT * FROM ${t("daily_sales")} WHERE channel_id IS NOT NULL`, "channel_id", dayTotals(t, "channel")),
  },
  {
    module: "analytics",
    name: "customer sales equal the orders of each day",
    subjects: "customer days",
    query: (t) => equalsOrders(sql.fragment`SELECT * FROM ${t("customer_sales_daily")}`, "customer_id", dayTotals(t, "customer")),
  },
];
