import { type CommonQueryMethods, type SerializableValue, sql } from "slonik";
import { z } from "zod";
import type { DaySales, KeyedDaySales, ProductDaySales } from "../generate/analytics.ts";
import { decimal } from "../generate/money.ts";

export const topProductsLimit = 10;

/**
 * Adds a batch's sales to the tenant's daily rollups and re-ranks the top products of the period.
 * Later batches sell on the same days, so days are added to (ON CONFLICT … + excluded), never
 * duplicated; the ranking is recomputed from the per-product rollup. New rows take the given ids
 * (from the seeded stream). Returns the rows each table gained.
 */
export async function upsertSalesRollups(
  connection: CommonQueryMethods,
  options: {
    schemaName: string;
    days: readonly DaySales[];
    channelDays: readonly KeyedDaySales[];
    customerDays: readonly KeyedDaySales[];
    productDays: readonly ProductDaySales[];
    id: () => string;
    period: { start: string; end: string };
    stamp: Date;
  },
): Promise<{ daily_sales: number; customer_sales_daily: number; product_sales_daily: number; top_products: number }> {
  const { schemaName, id, period } = options;
  const table = (name: string) => sql.identifier([schemaName, name]);
  const at = options.stamp.toISOString();
  const inserted = z.object({ inserted: z.number() });
  const dayTotals = async (
    target: "daily_sales" | "customer_sales_daily",
    key: "channel_id" | "customer_id",
    days: readonly (DaySales & { key: string | null })[],
  ) => {
    const rows = days.map((day) => ({
      id: id(),
      sales_date: day.day,
      key: day.key,
      orders_count: day.orders,
      units_sold: day.units,
      gross_revenue: decimal(day.grossCents),
      discounts: decimal(day.discountCents),
    }));
    const column = sql.identifier([key]);
    const computed = target === "daily_sales";
    return connection.oneFirst(sql.type(inserted)`
      WITH written AS (
        INSERT INTO ${table(target)} AS d
          (id, sales_date, ${column}, orders_count, units_sold, gross_revenue, discounts, net_revenue, currency,
            ${computed ? sql.fragment`computed_at, ` : sql.fragment``}created_at, updated_at)
        SELECT id, sales_date, key, orders_count, units_sold, gross_revenue, discounts, gross_revenue - discounts, 'USD',
          ${computed ? sql.fragment`${at}::timestamptz, ` : sql.fragment``}${at}::timestamptz, ${at}::timestamptz
        FROM jsonb_to_recordset(${sql.jsonb(rows as unknown as SerializableValue)})
          AS r(id uuid, sales_date date, key uuid, orders_count integer, units_sold numeric, gross_revenue numeric, discounts numeric)
        ON CONFLICT (sales_date, ${column}) DO UPDATE SET
          orders_count = d.orders_count + excluded.orders_count,
          units_sold = d.units_sold + excluded.units_sold,
          gross_revenue = d.gross_revenue + excluded.gross_revenue,
          discounts = d.discounts + excluded.discounts,
          net_revenue = d.net_revenue + excluded.net_revenue,
          ${computed ? sql.fragment`computed_at = excluded.computed_at, ` : sql.fragment``}updated_at = excluded.updated_at
        RETURNING xmax = 0 AS is_new
      )
      SELECT count(*) FILTER (WHERE is_new)::integer AS inserted FROM written`);
  };
  // The all-channel row (channel_id NULL) is a day's row like a channel's.
  const dailySales =
    (await dayTotals(
      "daily_sales",
      "channel_id",
      options.days.map((day) => ({ ...day, key: null })),
    )) + (await dayTotals("daily_sales", "channel_id", options.channelDays));
  const customerSales = await dayTotals("customer_sales_daily", "customer_id", options.customerDays);

  const productRows = options.productDays.map((day) => ({
    id: id(),
    sales_date: day.day,
    product_id: day.productId,
    orders_count: day.orders,
    units_sold: day.units,
    revenue: decimal(day.revenueCents),
  }));
  const productSales = await connection.oneFirst(sql.type(inserted)`
    WITH written AS (
      INSERT INTO ${table("product_sales_daily")} AS p
        (id, sales_date, product_id, orders_count, units_sold, revenue, currency, created_at, updated_at)
      SELECT id, sales_date, product_id, orders_count, units_sold, revenue, 'USD', ${at}::timestamptz, ${at}::timestamptz
      FROM jsonb_to_recordset(${sql.jsonb(productRows as unknown as SerializableValue)})
        AS r(id uuid, sales_date date, product_id uuid, orders_count integer, units_sold numeric, revenue numeric)
      ON CONFLICT (sales_date, product_id) DO UPDATE SET
        orders_count = p.orders_count + excluded.orders_count,
        units_sold = p.units_sold + excluded.units_sold,
        revenue = p.revenue + excluded.revenue,
        updated_at = excluded.updated_at
      RETURNING xmax = 0 AS is_new
    )
    SELECT count(*) FILTER (WHERE is_new)::integer AS inserted FROM written`);

  const removed = await connection.query(sql.unsafe`
    DELETE FROM ${table("top_products")} WHERE period_start = ${period.start} AND period_end = ${period.end}`);
  const ids = Array.from({ length: topProductsLimit }, () => id());
  const ranked = await connection.query(sql.unsafe`
    INSERT INTO ${table("top_products")} (id, period_start, period_end, product_id, rank, units_sold, revenue, currency, created_at, updated_at)
    SELECT (${sql.array(ids, "uuid")})[rank], ${period.start}::date, ${period.end}::date, product_id, rank, units_sold, revenue, 'USD', ${at}::timestamptz, ${at}::timestamptz
    FROM (
      SELECT product_id, sum(units_sold) AS units_sold, sum(revenue) AS revenue,
        row_number() OVER (ORDER BY sum(revenue) DESC, sum(units_sold) DESC, product_id)::integer AS rank
      FROM ${table("product_sales_daily")}
      WHERE sales_date BETWEEN ${period.start} AND ${period.end}
      GROUP BY product_id
    ) ranked
    WHERE rank <= ${topProductsLimit}`);
  return {
    daily_sales: dailySales,
    customer_sales_daily: customerSales,
    product_sales_daily: productSales,
    top_products: ranked.rowCount - removed.rowCount,
  };
}
