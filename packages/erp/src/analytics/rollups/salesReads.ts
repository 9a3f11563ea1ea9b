import { InvalidInputError, type TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { checkDateRange, type DateRange } from "./dateRange.ts";

export const salesDimensions = ["total", "product", "category", "channel", "customer"] as const;
export type SalesDimension = (typeof salesDimensions)[number];
export const salesGrains = ["day", "month"] as const;
export type SalesGrain = (typeof salesGrains)[number];

/**
 * One period (a day, or the first day of a month) of one key of the dimension. Figures are those
 * of the orders not cancelled, placed that period (UTC), net of line discounts, before tax and
 * shipping. `gross_revenue` and `discounts` are null by product and category (their rollup keeps
 * net revenue only), `orders_count` null by category (an order with two products of one category
 * would count twice).
 */
export const salesRow = z.object({
  period: z.string(),
  /** The product, category, channel or customer; null for the total, and for products without a category. */
  key: z.uuid().nullable(),
  label: z.string().nullable(),
  orders_count: z.number().nullable(),
  units_sold: z.string(),
  gross_revenue: z.string().nullable(),
  discounts: z.string().nullable(),
  net_revenue: z.string(),
});
export type SalesRow = z.infer<typeof salesRow>;

export type SalesQuery = DateRange & {
  dimension: SalesDimension;
  grain: SalesGrain;
  /** The last row of the previous page (`period/key`), from nextCursor. */
  cursor?: string | undefined;
  limit: number;
};

const cursorShape = /^(\d{4}-\d{2}-\d{2})\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|-)$/;

/**
 * Sales by day or month and dimension over a date range (at most a year), read from the daily
 * rollups (monthly figures add up their days), ordered by period then key, a page at a time.
 */
export async function salesBy(tx: TenantQueries, query: SalesQuery): Promise<{ items: SalesRow[]; nextCursor: string | null }> {
  checkDateRange(query);
  const period = query.grain === "day" ? sql.fragment`s.sales_date` : sql.fragment`date_trunc('month', s.sales_date)::date`;
  const source = sourceOf(query.dimension);
  let after: FragmentSqlToken = sql.fragment`TRUE`;
  if (query.cursor) {
    const match = cursorShape.exec(query.cursor);
    const stamp = Date.parse(`${match?.[1]}T00:00:00Z`);
    if (!match || Number.isNaN(stamp) || new Date(stamp).toISOString().slice(0, 10) !== match[1]) {
      throw new InvalidInputError("cursor: must be the nextCursor of a previous page (period/key).");
    }
    // "-" stands for the null key, which sorts first within its period.
    const key = match[2] === "-" ? "00000000-0000-0000-0000-000000000000" : match[2];
    after = sql.fragment`(g.period, coalesce(g.key, '00000000-0000-0000-0000-000000000000'::uuid)) > (${match[1] ?? ""}::date, ${key ?? ""}::uuid)`;
  }
  const rows = await tx.any(sql.type(salesRow)`
    SELECT g.period::text AS period, g.key, g.label, g.orders_count, g.units_sold::text AS units_sold,
      g.gross_revenue::text AS gross_revenue, g.discounts::text AS discounts, g.net_revenue::text AS net_revenue
    FROM (
      SELECT ${period} AS period, ${source.key} AS key, ${source.label} AS label, ${source.orders} AS orders_count,
        sum(s.units_sold) AS units_sold, ${source.gross} AS gross_revenue, ${source.discounts} AS discounts, ${source.net} AS net_revenue
      FROM ${source.from}
      WHERE s.sales_date BETWEEN ${query.from}::date AND ${query.to}::date AND ${source.where}
      GROUP BY 1, 2, 3
    ) g
    WHERE ${after}
    ORDER BY g.period, coalesce(g.key, '00000000-0000-0000-0000-000000000000'::uuid)
    LIMIT ${query.limit + 1}`);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? `${last.period}/${last.key ?? "-"}` : null };
}

type Source = {
  from: FragmentSqlToken;
  where: FragmentSqlToken;
  key: FragmentSqlToken;
  label: FragmentSqlToken;
  orders: FragmentSqlToken;
  gross: FragmentSqlToken;
  discounts: FragmentSqlToken;
  net: FragmentSqlToken;
};

function sourceOf(dimension: SalesDimension): Source {
  const dayTotals = {
    orders: sql.fragment`sum(s.orders_count)::integer`,
    gross: sql.fragment`sum(s.gross_revenue)`,
    discounts: sql.fragment`sum(s.discounts)`,
    net: sql.fragment`sum(s.net_revenue)`,
  };
  const netOnly = { gross: sql.fragment`NULL::numeric`, discounts: sql.fragment`NULL::numeric`, net: sql.fragment`sum(s.revenue)` };
  switch (dimension) {
    case "total":
      return {
        ...dayTotals,
        from: sql.fragment`daily_sales s`,
        where: sql.fragment`s.channel_id IS NULL`,
        key: sql.fragment`NULL::uuid`,
        label: sql.fragment`NULL::text`,
      };
    case "channel":
      return {
        ...dayTotals,
        from: sql.fragment`daily_sales s JOIN channels c ON c.id = s.channel_id`,
        where: sql.fragment`TRUE`,
        key: sql.fragment`s.channel_id`,
        label: sql.fragment`c.name`,
      };
    case "customer":
      return {
        ...dayTotals,
        from: sql.fragment`customer_sales_daily s JOIN customers c ON c.id = s.customer_id`,
        where: sql.fragment`TRUE`,
        key: sql.fragment`s.customer_id`,
        label: sql.fragment`c.name`,
      };
    case "product":
      return {
        ...netOnly,
        orders: sql.fragment`sum(s.orders_count)::integer`,
        from: sql.fragment`product_sales_daily s JOIN products p ON p.id = s.product_id`,
        where: sql.fragment`TRUE`,
        key: sql.fragment`s.product_id`,
        label: sql.fragment`p.sku || ' ' || p.name`,
      };
    case "category":
      return {
        ...netOnly,
        orders: sql.fragment`NULL::integer`,
        from: sql.fragment`product_sales_daily s JOIN products p ON p.id = s.product_id LEFT JOIN categories c ON c.id = p.category_id`,
        where: sql.fragment`TRUE`,
        key: sql.fragment`p.category_id`,
        label: sql.fragment`c.name`,
      };
  }
}

export const topProductRow = z.object({
  rank: z.number(),
  product_id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  orders_count: z.number(),
  units_sold: z.string(),
  net_revenue: z.string(),
});
export const topCustomerRow = z.object({
  rank: z.number(),
  customer_id: z.uuid(),
  customer_number: z.string(),
  name: z.string(),
  orders_count: z.number(),
  units_sold: z.string(),
  net_revenue: z.string(),
});

/** The best-selling products of a date range by net revenue (then units, then id), from product_sales_daily. */
export async function topProducts(tx: TenantQueries, query: DateRange & { limit: number }): Promise<z.infer<typeof topProductRow>[]> {
  checkDateRange(query);
  const rows = await tx.any(sql.type(topProductRow)`
    SELECT row_number() OVER (ORDER BY sum(s.revenue) DESC, sum(s.units_sold) DESC, s.product_id)::integer AS rank,
      s.product_id, p.sku, p.name, sum(s.orders_count)::integer AS orders_count, sum(s.units_sold)::text AS units_sold,
      sum(s.revenue)::text AS net_revenue
    FROM product_sales_daily s JOIN products p ON p.id = s.product_id
    WHERE s.sales_date BETWEEN ${query.from}::date AND ${query.to}::date
    GROUP BY s.product_id, p.sku, p.name
    ORDER BY rank LIMIT ${query.limit}`);
  return [...rows];
}

/** The customers who bought most in a date range by net revenue (then orders, then id), from customer_sales_daily. */
export async function topCustomers(tx: TenantQueries, query: DateRange & { limit: number }): Promise<z.infer<typeof topCustomerRow>[]> {
  checkDateRange(query);
  const rows = await tx.any(sql.type(topCustomerRow)`
    SELECT row_number() OVER (ORDER BY sum(s.net_revenue) DESC, sum(s.orders_count) DESC, s.customer_id)::integer AS rank,
      s.customer_id, c.customer_number, c.name, sum(s.orders_count)::integer AS orders_count, sum(s.units_sold)::text AS units_sold,
      sum(s.net_revenue)::text AS net_revenue
    FROM customer_sales_daily s JOIN customers c ON c.id = s.customer_id
    WHERE s.sales_date BETWEEN ${query.from}::date AND ${query.to}::date
    GROUP BY s.customer_id, c.customer_number, c.name
    ORDER BY rank LIMIT ${query.limit}`);
  return [...rows];
}
