import type { TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** How many products each top-products period ranks (as the demo data does). */
export const topProductsLimit = 10;

/**
 * Keeps the sales rollups an order touches equal to the orders, when the order is placed
 * (`sign` 1) or cancelled (`sign` −1): the day's totals (daily_sales, the all-channel row and the
 * row of the order's channel when it is attributed to one), the day's figures of the order's
 * products (product_sales_daily) and of its customer (customer_sales_daily) move by the order's
 * own figures (rows that fall to zero orders go), then the rankings of every top-products period
 * containing the day and the customer's metrics (when the customer has them) are recomputed.
 * Deltas keep an order's cost independent of how many orders the day already has; the rules
 * "daily sales equal the orders of each day" and its siblings (@erp/erp's invariants) prove the
 * result. Sales are the lines of orders not cancelled, by the UTC day they were placed. The day's
 * all-channel row is written first (locked by the upsert), so orders of one day apply one after
 * the other and a refresh (refreshSalesRollups, which locks daily_sales first) waits for them.
 */
export async function applyOrderToSalesRollups(tx: TenantQueries, orderId: string, sign: 1 | -1): Promise<void> {
  const day = sql.fragment`(SELECT (ordered_at AT TIME ZONE 'UTC')::date FROM orders WHERE id = ${orderId})`;
  await applyToDayTotals(tx, orderId, sign, "daily_sales", allChannels);

  const ownByProduct = sql.fragment`
    SELECT product_id, count(DISTINCT order_id)::integer AS orders, sum(quantity) AS units,
      sum(quantity * unit_price - discount_amount) AS revenue
    FROM order_items WHERE order_id = ${orderId} GROUP BY product_id`;
  if (sign > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO product_sales_daily AS p (sales_date, product_id, orders_count, units_sold, revenue)
      SELECT ${day}, product_id, orders, units, revenue FROM (${ownByProduct}) own
      ON CONFLICT (sales_date, product_id) DO UPDATE SET orders_count = p.orders_count + excluded.orders_count,
        units_sold = p.units_sold + excluded.units_sold, revenue = p.revenue + excluded.revenue, updated_at = now()`);
  } else {
    // Taken back out (an insert cannot carry the negative figures past the CHECKs); a product's
    // day left without orders has no rollup row, as the demo data writes them.
    await tx.query(sql.unsafe`
      UPDATE product_sales_daily p SET orders_count = p.orders_count - own.orders, units_sold = p.units_sold - own.units,
        revenue = p.revenue - own.revenue, updated_at = now()
      FROM (${ownByProduct}) own WHERE p.sales_date = ${day} AND p.product_id = own.product_id`);
    await tx.query(sql.unsafe`DELETE FROM product_sales_daily WHERE sales_date = ${day} AND orders_count = 0`);
  }
  await applyToDayTotals(
    tx,
    orderId,
    sign,
    "daily_sales",
    sql.fragment`(SELECT channel_id FROM order_attributions WHERE order_id = ${orderId})`,
  );
  await applyToDayTotals(tx, orderId, sign, "customer_sales_daily", sql.fragment`(SELECT customer_id FROM orders WHERE id = ${orderId})`);

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

/** The all-channel row of daily_sales (channel_id NULL), as a key of applyToDayTotals. */
export const allChannels = "all channels";

/**
 * Moves one row of a day-totals rollup (daily_sales by channel, customer_sales_daily by
 * customer) by the order's own figures, on the day the order was placed: `key` is the row's
 * channel or customer (a query), or `allChannels` for the all-channel row. A key that comes out
 * NULL (an order attributed to no channel) moves nothing. A row left without orders goes.
 */
export async function applyToDayTotals(
  tx: TenantQueries,
  orderId: string,
  sign: 1 | -1,
  table: "daily_sales" | "customer_sales_daily",
  key: FragmentSqlToken | typeof allChannels,
): Promise<void> {
  const target = sql.identifier([table]);
  const column = sql.identifier([table === "daily_sales" ? "channel_id" : "customer_id"]);
  const stamp = table === "daily_sales" ? sql.fragment`computed_at = now(), updated_at = now()` : sql.fragment`updated_at = now()`;
  const value = key === allChannels ? sql.fragment`NULL::uuid` : key;
  const own = sql.fragment`
    SELECT (o.ordered_at AT TIME ZONE 'UTC')::date AS sales_date, k.value, count(DISTINCT i.order_id)::integer AS orders,
      sum(i.quantity) AS units, sum(i.quantity * i.unit_price) AS gross, sum(i.discount_amount) AS discounts
    FROM orders o JOIN order_items i ON i.order_id = o.id CROSS JOIN (SELECT ${value} AS value) k
    WHERE o.id = ${orderId} AND ${key === allChannels ? sql.fragment`TRUE` : sql.fragment`k.value IS NOT NULL`}
    GROUP BY 1, 2`;
  if (sign > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO ${target} AS d (sales_date, ${column}, orders_count, units_sold, gross_revenue, discounts, net_revenue)
      SELECT sales_date, value, orders, units, gross, discounts, gross - discounts FROM (${own}) own
      ON CONFLICT (sales_date, ${column}) DO UPDATE SET orders_count = d.orders_count + excluded.orders_count,
        units_sold = d.units_sold + excluded.units_sold, gross_revenue = d.gross_revenue + excluded.gross_revenue,
        discounts = d.discounts + excluded.discounts, net_revenue = d.net_revenue + excluded.net_revenue, ${stamp}`);
    return;
  }
  // Taken back out with an update (an insert cannot carry negative figures past the CHECKs).
  await tx.query(sql.unsafe`
    UPDATE ${target} d SET orders_count = d.orders_count - own.orders, units_sold = d.units_sold - own.units,
      gross_revenue = d.gross_revenue - own.gross, discounts = d.discounts - own.discounts,
      net_revenue = d.net_revenue - (own.gross - own.discounts), ${stamp}
    FROM (${own}) own WHERE d.sales_date = own.sales_date AND d.${column} IS NOT DISTINCT FROM own.value`);
  await tx.query(sql.unsafe`
    DELETE FROM ${target} d USING (${own}) own
    WHERE d.sales_date = own.sales_date AND d.${column} IS NOT DISTINCT FROM own.value AND d.orders_count = 0`);
}

/**
 * Moves an order's figures from one channel's daily_sales row to another's when its attribution
 * changes (channels.attribution.set): out of `from` (when the order had a channel), into `to`. A
 * cancelled order counts nowhere, so it moves nothing. The order's row is locked first: a
 * cancellation running at the same time (it holds that lock and reads the attribution it meets)
 * either finishes before, and then nothing moves, or waits, and then takes the order out of `to`.
 */
export async function moveOrderBetweenChannels(tx: TenantQueries, orderId: string, from: string | null, to: string): Promise<void> {
  if (from === to) return;
  const status = await tx.maybeOneFirst(
    sql.type(z.object({ status: z.string() }))`SELECT status FROM orders WHERE id = ${orderId} FOR NO KEY UPDATE`,
  );
  if (status === null || status === "cancelled") return;
  if (from) await applyToDayTotals(tx, orderId, -1, "daily_sales", sql.fragment`${from}::uuid`);
  await applyToDayTotals(tx, orderId, 1, "daily_sales", sql.fragment`${to}::uuid`);
}
