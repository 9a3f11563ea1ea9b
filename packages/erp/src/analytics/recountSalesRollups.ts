import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";

/** How many products each top-products period ranks (as the demo data does). */
export const topProductsLimit = 10;

/**
 * Brings the sales rollups an order touches back in line with the orders, after the order is
 * placed or cancelled: the day's totals (daily_sales), the day's figures of the order's products
 * (product_sales_daily), the rankings of every top-products period containing the day, and the
 * customer's metrics when the customer has them. Each is recomputed from the orders themselves
 * (never incremented), so the rollups equal the raw documents whatever happened before: the rules
 * "daily sales equal the orders of each day" and its siblings in @erp/erp's invariants. Sales
 * are the lines of orders not cancelled, by the UTC day they were placed. The day's row is locked
 * by the upsert, so orders of one day recount one after the other.
 */
export async function recountSalesRollups(tx: TenantQueries, orderId: string): Promise<void> {
  const day = sql.fragment`(SELECT (ordered_at AT TIME ZONE 'UTC')::date FROM orders WHERE id = ${orderId})`;
  const sameDay = sql.fragment`o.ordered_at >= (${day}::timestamp AT TIME ZONE 'UTC') AND o.ordered_at < ((${day} + 1)::timestamp AT TIME ZONE 'UTC')
    AND o.status <> 'cancelled'`;

  await tx.query(sql.unsafe`
    WITH raw AS (
      SELECT count(DISTINCT o.id)::integer AS orders, coalesce(sum(i.quantity), 0) AS units,
        coalesce(sum(i.quantity * i.unit_price), 0) AS gross, coalesce(sum(i.discount_amount), 0) AS discounts
      FROM orders o JOIN order_items i ON i.order_id = o.id WHERE ${sameDay}
    ), emptied AS (
      DELETE FROM daily_sales WHERE sales_date = ${day} AND channel_id IS NULL AND (SELECT orders FROM raw) = 0
    )
    INSERT INTO daily_sales AS d (sales_date, channel_id, orders_count, units_sold, gross_revenue, discounts, net_revenue)
    SELECT ${day}, NULL, orders, units, gross, discounts, gross - discounts FROM raw WHERE orders > 0
    ON CONFLICT (sales_date, channel_id) DO UPDATE SET orders_count = excluded.orders_count, units_sold = excluded.units_sold,
      gross_revenue = excluded.gross_revenue, discounts = excluded.discounts, net_revenue = excluded.net_revenue,
      computed_at = now(), updated_at = now()`);

  await tx.query(sql.unsafe`
    WITH products AS (SELECT DISTINCT product_id FROM order_items WHERE order_id = ${orderId}),
    raw AS (
      SELECT i.product_id, count(DISTINCT o.id)::integer AS orders, sum(i.quantity) AS units,
        sum(i.quantity * i.unit_price - i.discount_amount) AS revenue
      FROM orders o JOIN order_items i ON i.order_id = o.id
      WHERE ${sameDay} AND i.product_id IN (SELECT product_id FROM products)
      GROUP BY i.product_id
    ), emptied AS (
      DELETE FROM product_sales_daily
      WHERE sales_date = ${day} AND product_id IN (SELECT product_id FROM products) AND product_id NOT IN (SELECT product_id FROM raw)
    )
    INSERT INTO product_sales_daily AS p (sales_date, product_id, orders_count, units_sold, revenue)
    SELECT ${day}, product_id, orders, units, revenue FROM raw
    ON CONFLICT (sales_date, product_id) DO UPDATE SET orders_count = excluded.orders_count, units_sold = excluded.units_sold,
      revenue = excluded.revenue, updated_at = now()`);

  // Rankings: rebuilt from the per-product rollup for each period that contains the day (two
  // statements: the ranks are unique, so the old ones must be gone before the new ones go in).
  const periods = sql.fragment`SELECT DISTINCT period_start, period_end FROM top_products WHERE ${day} BETWEEN period_start AND period_end`;
  const listed = await tx.any(
    sql.type(z.object({ start: z.string(), end: z.string() }))`
      SELECT period_start::text AS start, period_end::text AS end FROM (${periods}) p`,
  );
  if (listed.length > 0) {
    await tx.query(sql.unsafe`
      DELETE FROM top_products t USING (${periods}) p WHERE t.period_start = p.period_start AND t.period_end = p.period_end`);
    await tx.query(sql.unsafe`
      INSERT INTO top_products (period_start, period_end, product_id, rank, units_sold, revenue)
      SELECT period_start, period_end, product_id, rank, units_sold, revenue FROM (
        SELECT p.period_start, p.period_end, s.product_id, sum(s.units_sold) AS units_sold, sum(s.revenue) AS revenue,
          row_number() OVER (PARTITION BY p.period_start, p.period_end
            ORDER BY sum(s.revenue) DESC, sum(s.units_sold) DESC, s.product_id)::integer AS rank
        FROM (SELECT * FROM unnest(${sql.array(
          listed.map((period) => period.start),
          "date",
        )}::date[], ${sql.array(
          listed.map((period) => period.end),
          "date",
        )}::date[]) AS x(period_start, period_end)) p
        JOIN product_sales_daily s ON s.sales_date BETWEEN p.period_start AND p.period_end
        GROUP BY p.period_start, p.period_end, s.product_id
      ) ranked WHERE rank <= ${topProductsLimit}`);
  }

  await tx.query(sql.unsafe`
    UPDATE customer_metrics m SET orders_count = raw.orders, lifetime_value = raw.total,
      average_order_value = CASE WHEN raw.orders = 0 THEN 0 ELSE round(raw.total / raw.orders, 2) END,
      first_order_at = raw.first_at, last_order_at = raw.last_at, computed_at = now(), updated_at = now()
    FROM (
      SELECT count(*)::integer AS orders, coalesce(sum(grand_total), 0) AS total, min(ordered_at) AS first_at, max(ordered_at) AS last_at
      FROM orders WHERE customer_id = (SELECT customer_id FROM orders WHERE id = ${orderId}) AND status <> 'cancelled'
    ) raw
    WHERE m.customer_id = (SELECT customer_id FROM orders WHERE id = ${orderId})`);
}
