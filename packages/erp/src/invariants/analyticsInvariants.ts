import { type IdentifierSqlToken, sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/** Sales as the raw orders say them: lines of orders that were not cancelled, by the UTC day they were placed. */
const soldLines = (t: (name: string) => IdentifierSqlToken) => sql.fragment`
  SELECT o.id AS order_id, (o.ordered_at AT TIME ZONE 'UTC')::date AS sales_date, i.product_id, i.quantity,
    i.quantity * i.unit_price AS gross, i.discount_amount AS discount
  FROM ${t("orders")} o JOIN ${t("order_items")} i ON i.order_id = o.id
  WHERE o.status <> 'cancelled'`;

export const analyticsInvariants: Invariant[] = [
  {
    module: "analytics",
    name: "daily sales equal the orders of each day",
    subjects: "days",
    query: (t) => sql.fragment`
      SELECT coalesce(d.sales_date, raw.sales_date)::text AS subject,
        d.id IS NOT NULL AND raw.sales_date IS NOT NULL AND d.orders_count = raw.orders AND d.units_sold = raw.units
          AND d.gross_revenue = raw.gross AND d.discounts = raw.discounts AND d.net_revenue = raw.gross - raw.discounts AS ok,
        format('%s: rollup %s orders / %s units / net %s, orders say %s / %s / %s', coalesce(d.sales_date, raw.sales_date),
          d.orders_count, d.units_sold, d.net_revenue, raw.orders, raw.units, raw.gross - raw.discounts) AS detail
      FROM (SELECT * FROM ${t("daily_sales")} WHERE channel_id IS NULL) d
      FULL JOIN (
        SELECT sales_date, count(DISTINCT order_id) AS orders, sum(quantity) AS units, sum(gross) AS gross, sum(discount) AS discounts
        FROM (${soldLines(t)}) lines GROUP BY sales_date
      ) raw ON raw.sales_date = d.sales_date`,
  },
  {
    module: "analytics",
    name: "product sales equal the order lines of each day",
    subjects: "product days",
    query: (t) => sql.fragment`
      SELECT coalesce(p.sales_date, raw.sales_date)::text || '/' || coalesce(p.product_id, raw.product_id)::text AS subject,
        p.id IS NOT NULL AND raw.sales_date IS NOT NULL AND p.orders_count = raw.orders AND p.units_sold = raw.units AND p.revenue = raw.revenue AS ok,
        format('%s product %s: rollup %s units / %s, orders say %s / %s', coalesce(p.sales_date, raw.sales_date), coalesce(p.product_id, raw.product_id),
          p.units_sold, p.revenue, raw.units, raw.revenue) AS detail
      FROM ${t("product_sales_daily")} p
      FULL JOIN (
        SELECT sales_date, product_id, count(DISTINCT order_id) AS orders, sum(quantity) AS units, sum(gross - discount) AS revenue
        FROM (${soldLines(t)}) lines GROUP BY sales_date, product_id
      ) raw ON raw.sales_date = p.sales_date AND raw.product_id = p.product_id`,
  },
  {
    module: "analytics",
    name: "top products are the best sellers of their period",
    subjects: "ranks",
    query: (t) => sql.fragment`
      WITH periods AS (
        SELECT period_start, period_end, count(*) AS listed FROM ${t("top_products")} GROUP BY period_start, period_end
      ), ranked AS (
        SELECT p.period_start, p.period_end, lines.product_id, sum(lines.quantity) AS units, sum(lines.gross - lines.discount) AS revenue,
          row_number() OVER (PARTITION BY p.period_start, p.period_end
            ORDER BY sum(lines.gross - lines.discount) DESC, sum(lines.quantity) DESC, lines.product_id) AS rank,
          p.listed
        FROM periods p JOIN (${soldLines(t)}) lines ON lines.sales_date BETWEEN p.period_start AND p.period_end
        GROUP BY p.period_start, p.period_end, p.listed, lines.product_id
      ), expected AS (
        SELECT * FROM ranked WHERE rank <= listed
      )
      SELECT coalesce(tp.period_start, e.period_start)::text || '#' || coalesce(tp.rank, e.rank) AS subject,
        tp.id IS NOT NULL AND e.product_id IS NOT NULL AND tp.product_id = e.product_id AND tp.units_sold = e.units AND tp.revenue = e.revenue AS ok,
        format('rank %s of %s–%s: listed product %s (%s), orders rank product %s (%s)', coalesce(tp.rank, e.rank),
          coalesce(tp.period_start, e.period_start), coalesce(tp.period_end, e.period_end), tp.product_id, tp.revenue, e.product_id, e.revenue) AS detail
      FROM ${t("top_products")} tp
      FULL JOIN expected e ON e.period_start = tp.period_start AND e.period_end = tp.period_end AND e.rank = tp.rank`,
  },
  {
    module: "analytics",
    name: "customer metrics equal their orders",
    subjects: "customers",
    query: (t) => sql.fragment`
      SELECT c.customer_number AS subject,
        m.orders_count = coalesce(raw.orders, 0) AND m.lifetime_value = coalesce(raw.total, 0)
          AND m.first_order_at IS NOT DISTINCT FROM raw.first_at AND m.last_order_at IS NOT DISTINCT FROM raw.last_at
          AND m.average_order_value = CASE WHEN coalesce(raw.orders, 0) = 0 THEN 0 ELSE round(raw.total / raw.orders, 2) END AS ok,
        format('%s: %s orders worth %s, orders say %s worth %s', c.customer_number, m.orders_count, m.lifetime_value, coalesce(raw.orders, 0), coalesce(raw.total, 0)) AS detail
      FROM ${t("customer_metrics")} m
      JOIN ${t("customers")} c ON c.id = m.customer_id
      LEFT JOIN (
        SELECT customer_id, count(*) AS orders, sum(grand_total) AS total, min(ordered_at) AS first_at, max(ordered_at) AS last_at
        FROM ${t("orders")} WHERE status <> 'cancelled' GROUP BY customer_id
      ) raw ON raw.customer_id = m.customer_id`,
  },
];
