import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";

/** How many products each top-products period ranks (as the demo data does). */
export const topProductsLimit = 10;

/**
 * Keeps the sales rollups an order touches equal to the orders, when the order is placed
 * (`sign` 1) or cancelled (`sign` −1): the day's totals (daily_sales) and the day's figures of the
 * order's products (product_sales_daily) move by the order's own figures (rows that fall to zero
 * orders go), then the rankings of every top-products period containing the day and the
 * customer's metrics (when the customer has them) are recomputed. Deltas keep an order's cost
 * independent of how many orders the day already has; the rules "daily sales equal the orders of
 * each day" and its siblings (@erp/erp's invariants) prove the result. Sales are the lines of
 * orders not cancelled, by the UTC day they were placed. The day's row is locked by the upsert,
 * so orders of one day apply one after the other.
 */
export async function applyOrderToSalesRollups(tx: TenantQueries, orderId: string, sign: 1 | -1): Promise<void> {
  const day = sql.fragment`(SELECT (ordered_at AT TIME ZONE 'UTC')::date FROM orders WHERE id = ${orderId})`;

  const own = sql.fragment`
    SELECT count(DISTINCT order_id)::integer AS orders, sum(quantity) AS units, sum(quantity * unit_price) AS gross,
      sum(discount_amount) AS discounts
    FROM order_items WHERE order_id = ${orderId}`;
  const ownByProduct = sql.fragment`
    SELECT product_id, count(DISTINCT order_id)::integer AS orders, sum(quantity) AS units,
      sum(quantity * unit_price - discount_amount) AS revenue
    FROM order_items WHERE order_id = ${orderId} GROUP BY product_id`;
  if (sign > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO daily_sales AS d (sales_date, channel_id, orders_count, units_sold, gross_revenue, discounts, net_revenue)
      SELECT ${day}, NULL, orders, units, gross, discounts, gross - discounts FROM (${own}) own
      ON CONFLICT (sales_date, channel_id) DO UPDATE SET orders_count = d.orders_count + excluded.orders_count,
        units_sold = d.units_sold + excluded.units_sold, gross_revenue = d.gross_revenue + excluded.gross_revenue,
        discounts = d.discounts + excluded.discounts, net_revenue = d.net_revenue + excluded.net_revenue,
        computed_at = now(), updated_at = now()`);
    await tx.query(sql.unsafe`
      INSERT INTO product_sales_daily AS p (sales_date, product_id, orders_count, units_sold, revenue)
      SELECT ${day}, product_id, orders, units, revenue FROM (${ownByProduct}) own
      ON CONFLICT (sales_date, product_id) DO UPDATE SET orders_count = p.orders_count + excluded.orders_count,
        units_sold = p.units_sold + excluded.units_sold, revenue = p.revenue + excluded.revenue, updated_at = now()`);
  } else {
    // Taken back out (an insert cannot carry the negative figures past the CHECKs); a day, or a
    // product's day, left without orders has no rollup row, as the demo data writes them.
    await tx.query(sql.unsafe`
      UPDATE daily_sales d SET orders_count = d.orders_count - own.orders, units_sold = d.units_sold - own.units,
        gross_revenue = d.gross_revenue - own.gross, discounts = d.discounts - own.discounts,
        net_revenue = d.net_revenue - (own.gross - own.discounts), computed_at = now(), updated_at = now()
      FROM (${own}) own WHERE d.sales_date = ${day} AND d.channel_id IS NULL`);
    await tx.query(sql.unsafe`
      UPDATE product_sales_daily p SET orders_count = p.orders_count - own.orders, units_sold = p.units_sold - own.units,
        revenue = p.revenue - own.revenue, updated_at = now()
      FROM (${ownByProduct}) own WHERE p.sales_date = ${day} AND p.product_id = own.product_id`);
    await tx.query(sql.unsafe`
      WITH gone_day AS (DELETE FROM daily_sales WHERE sales_date = ${day} AND channel_id IS NULL AND orders_count = 0)
      DELETE FROM product_sales_daily WHERE sales_date = ${day} AND orders_count = 0`);
  }

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
