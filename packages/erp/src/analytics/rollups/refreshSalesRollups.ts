import type { TenantQueries } from "@erp/db";
import { type FragmentSqlToken, type IdentifierSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { topProductsLimit } from "../applyOrderToSalesRollups.ts";
import { checkDateRange, type DateRange } from "./dateRange.ts";

export const rowChanges = z.object({ inserted: z.number(), updated: z.number(), deleted: z.number() });
export const refreshResult = z.object({
  from: z.string(),
  to: z.string(),
  daily_sales: rowChanges,
  product_sales_daily: rowChanges,
  customer_sales_daily: rowChanges,
  /** Rows of the top-products periods overlapping the range that were ranked anew. */
  top_products: rowChanges,
  customer_metrics: rowChanges,
});
export type RefreshResult = z.infer<typeof refreshResult>;

/** Names a table, unqualified (the tenant's search_path) or qualified by a schema (the seed). */
export type TableName = (name: string) => IdentifierSqlToken;
export const unqualified: TableName = (name) => sql.identifier([name]);

/**
 * Rebuilds the sales rollups of the days `from`–`to` from the orders, set-based: daily_sales
 * (the all-channel row and a row per channel of the attributed orders), product_sales_daily and
 * customer_sales_daily rows that disagree with the orders are updated, missing ones inserted,
 * those of days or keys without sales deleted; then the top-products periods overlapping the
 * range are ranked anew where their ranking differs, and the metrics of the customers who
 * ordered in the range are corrected where they differ. A row that already equals the orders is
 * not written, so running it on correct rollups changes nothing (every count 0).
 *
 * The rollup tables are locked first, all in one statement with daily_sales first (SHARE ROW
 * EXCLUSIVE: reads go on, writers wait): an order placed or cancelled meanwhile either finished
 * before (and is counted) or applies its own figures after the refresh commits, on top of rows
 * that are right. Audited when something changed.
 */
export async function refreshSalesRollups(tx: TenantQueries, range: DateRange, actor: Actor): Promise<RefreshResult> {
  checkDateRange(range);
  await tx.query(sql.unsafe`
    LOCK TABLE daily_sales, product_sales_daily, customer_sales_daily, top_products, customer_metrics IN SHARE ROW EXCLUSIVE MODE`);
  const result = await rebuildSalesRollups(tx, unqualified, range);
  const changed = Object.values(result).some((value) => typeof value === "object" && value.inserted + value.updated + value.deleted > 0);
  if (changed) {
    await recordAudit(tx, actor, { action: "refresh", entity: "sales_rollups", entityId: null, after: result });
  }
  return result;
}

/** The statements of refreshSalesRollups, on tables named by `t` (the seed names them by schema). */
export async function rebuildSalesRollups(tx: TenantQueries, t: TableName, range: DateRange): Promise<RefreshResult> {
  const from = sql.fragment`${range.from}::date`;
  const to = sql.fragment`${range.to}::date`;
  const lines = sql.fragment`
    SELECT o.id AS order_id, o.customer_id, (o.ordered_at AT TIME ZONE 'UTC')::date AS sales_date, i.product_id, i.quantity,
      i.quantity * i.unit_price AS gross, i.discount_amount AS discount
    FROM ${t("orders")} o JOIN ${t("order_items")} i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
      AND o.ordered_at >= (${from}::timestamp AT TIME ZONE 'UTC') AND o.ordered_at < ((${to} + 1)::timestamp AT TIME ZONE 'UTC')`;
  const dayTotals = sql.fragment`count(DISTINCT l.order_id)::integer AS orders_count, sum(l.quantity) AS units_sold,
    sum(l.gross) AS gross_revenue, sum(l.discount) AS discounts, sum(l.gross) - sum(l.discount) AS net_revenue`;
  const dayColumns = ["orders_count", "units_sold", "gross_revenue", "discounts", "net_revenue"];

  const daily = await sync(
    t,
    range,
    {
      table: "daily_sales",
      key: "channel_id",
      columns: dayColumns,
      expected: sql.fragment`
      SELECT l.sales_date, k.key, ${dayTotals}
      FROM (${lines}) l LEFT JOIN ${t("order_attributions")} a ON a.order_id = l.order_id
      CROSS JOIN LATERAL (SELECT NULL::uuid AS key UNION ALL SELECT a.channel_id WHERE a.channel_id IS NOT NULL) k
      GROUP BY l.sales_date, k.key`,
      stamp: sql.fragment`computed_at = now(), updated_at = now()`,
    },
    tx,
  );
  const products = await sync(
    t,
    range,
    {
      table: "product_sales_daily",
      key: "product_id",
      columns: ["orders_count", "units_sold", "revenue"],
      expected: sql.fragment`
      SELECT l.sales_date, l.product_id AS key, count(DISTINCT l.order_id)::integer AS orders_count, sum(l.quantity) AS units_sold,
        sum(l.gross - l.discount) AS revenue
      FROM (${lines}) l GROUP BY l.sales_date, l.product_id`,
      stamp: sql.fragment`updated_at = now()`,
    },
    tx,
  );
  const customers = await sync(
    t,
    range,
    {
      table: "customer_sales_daily",
      key: "customer_id",
      columns: dayColumns,
      expected: sql.fragment`SELECT l.sales_date, l.customer_id AS key, ${dayTotals} FROM (${lines}) l GROUP BY l.sales_date, l.customer_id`,
      stamp: sql.fragment`updated_at = now()`,
    },
    tx,
  );

  return {
    from: range.from,
    to: range.to,
    daily_sales: daily,
    product_sales_daily: products,
    customer_sales_daily: customers,
    top_products: await rerank(tx, t, range),
    customer_metrics: await correctCustomerMetrics(tx, t, range),
  };
}

type Rollup = {
  table: string;
  key: string;
  columns: string[];
  /** Rows (sales_date, key, …columns) as the orders of the range say them. */
  expected: FragmentSqlToken;
  stamp: FragmentSqlToken;
};

/** Makes a day rollup's rows of the range equal `expected`: one statement, three writes, nothing written where equal. */
async function sync(t: TableName, range: DateRange, rollup: Rollup, tx: TenantQueries): Promise<z.infer<typeof rowChanges>> {
  const table = t(rollup.table);
  const key = sql.identifier([rollup.key]);
  const columns = rollup.columns.map((column) => sql.identifier([column]));
  const list = sql.join(columns, sql.fragment`, `);
  const fromExpected = sql.join(
    columns.map((column) => sql.fragment`e.${column}`),
    sql.fragment`, `,
  );
  const fromRow = sql.join(
    columns.map((column) => sql.fragment`r.${column}`),
    sql.fragment`, `,
  );
  const assignments = sql.join(
    columns.map((column) => sql.fragment`${column} = e.${column}`),
    sql.fragment`, `,
  );
  return tx.one(sql.type(rowChanges)`
    WITH e AS (${rollup.expected}),
    deleted AS (
      DELETE FROM ${table} r WHERE r.sales_date BETWEEN ${range.from}::date AND ${range.to}::date
        AND NOT EXISTS (SELECT 1 FROM e WHERE e.sales_date = r.sales_date AND e.key IS NOT DISTINCT FROM r.${key})
      RETURNING 1
    ),
    updated AS (
      UPDATE ${table} r SET ${assignments}, ${rollup.stamp}
      FROM e WHERE e.sales_date = r.sales_date AND e.key IS NOT DISTINCT FROM r.${key} AND (${fromRow}) IS DISTINCT FROM (${fromExpected})
      RETURNING 1
    ),
    inserted AS (
      INSERT INTO ${table} (sales_date, ${key}, ${list})
      SELECT e.sales_date, e.key, ${fromExpected} FROM e
      WHERE NOT EXISTS (SELECT 1 FROM ${table} r WHERE r.sales_date = e.sales_date AND r.${key} IS NOT DISTINCT FROM e.key)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM inserted)::integer AS inserted, (SELECT count(*) FROM updated)::integer AS updated,
      (SELECT count(*) FROM deleted)::integer AS deleted`);
}

/**
 * Ranks anew each top-products period overlapping the range whose ranking differs from the one
 * the (refreshed) per-product rollup gives, keeping as many ranks as the period lists (at most
 * topProductsLimit): the period's rows are replaced. Counts the rows removed and inserted.
 */
async function rerank(tx: TenantQueries, t: TableName, range: DateRange): Promise<z.infer<typeof rowChanges>> {
  const ranked = sql.fragment`
    WITH periods AS (
      SELECT period_start, period_end, least(count(*), ${topProductsLimit}) AS listed FROM ${t("top_products")}
      WHERE period_start <= ${range.to}::date AND period_end >= ${range.from}::date GROUP BY period_start, period_end
    ), ranked AS (
      SELECT p.period_start, p.period_end, s.product_id, sum(s.units_sold) AS units_sold, sum(s.revenue) AS revenue,
        row_number() OVER (PARTITION BY p.period_start, p.period_end
          ORDER BY sum(s.revenue) DESC, sum(s.units_sold) DESC, s.product_id)::integer AS rank, p.listed
      FROM periods p JOIN ${t("product_sales_daily")} s ON s.sales_date BETWEEN p.period_start AND p.period_end
      GROUP BY p.period_start, p.period_end, p.listed, s.product_id
    )
    SELECT period_start, period_end, product_id, rank, units_sold, revenue FROM ranked WHERE rank <= listed`;
  const stale = await tx.any(sql.type(z.object({ start: z.string(), end: z.string() }))`
    WITH expected AS (${ranked}),
    current AS (
      SELECT * FROM ${t("top_products")} WHERE period_start <= ${range.to}::date AND period_end >= ${range.from}::date
    )
    SELECT DISTINCT coalesce(c.period_start, e.period_start)::text AS start, coalesce(c.period_end, e.period_end)::text AS end
    FROM current c FULL JOIN expected e ON e.period_start = c.period_start AND e.period_end = c.period_end AND e.rank = c.rank
    WHERE (c.product_id, c.units_sold, c.revenue) IS DISTINCT FROM (e.product_id, e.units_sold, e.revenue)`);
  if (stale.length === 0) return { inserted: 0, updated: 0, deleted: 0 };
  const starts = sql.array(
    stale.map((period) => period.start),
    "date",
  );
  const ends = sql.array(
    stale.map((period) => period.end),
    "date",
  );
  const chosen = sql.fragment`SELECT * FROM unnest(${starts}::date[], ${ends}::date[]) AS x(period_start, period_end)`;
  // The expected ranking is read before the old rows go (the ranks are unique per period).
  const rows = await tx.any(sql.type(
    z.object({ start: z.string(), end: z.string(), product: z.string(), rank: z.number(), units: z.string(), revenue: z.string() }),
  )`
    SELECT r.period_start::text AS start, r.period_end::text AS end, r.product_id AS product, r.rank, r.units_sold::text AS units, r.revenue::text AS revenue
    FROM (${ranked}) r JOIN (${chosen}) x ON x.period_start = r.period_start AND x.period_end = r.period_end`);
  const removed = await tx.query(sql.unsafe`
    DELETE FROM ${t("top_products")} tp USING (${chosen}) x WHERE tp.period_start = x.period_start AND tp.period_end = x.period_end`);
  if (rows.length > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO ${t("top_products")} (period_start, period_end, product_id, rank, units_sold, revenue)
      SELECT * FROM unnest(${sql.array(
        rows.map((row) => row.start),
        "date",
      )}::date[], ${sql.array(
        rows.map((row) => row.end),
        "date",
      )}::date[], ${sql.array(
        rows.map((row) => row.product),
        "uuid",
      )}::uuid[], ${sql.array(
        rows.map((row) => row.rank),
        "int4",
      )}::integer[], ${sql.array(
        rows.map((row) => row.units),
        "numeric",
      )}::numeric[], ${sql.array(
        rows.map((row) => row.revenue),
        "numeric",
      )}::numeric[])`);
  }
  return { inserted: rows.length, updated: 0, deleted: removed.rowCount };
}

/** Corrects the metrics of customers who ordered in the range where they differ from their orders (all time). */
async function correctCustomerMetrics(tx: TenantQueries, t: TableName, range: DateRange): Promise<z.infer<typeof rowChanges>> {
  const updated = await tx.query(sql.unsafe`
    UPDATE ${t("customer_metrics")} m SET orders_count = raw.orders, lifetime_value = raw.total,
      average_order_value = CASE WHEN raw.orders = 0 THEN 0 ELSE round(raw.total / raw.orders, 2) END,
      first_order_at = raw.first_at, last_order_at = raw.last_at, computed_at = now(), updated_at = now()
    FROM (
      SELECT c.customer_id, count(o.id) FILTER (WHERE o.status <> 'cancelled')::integer AS orders,
        coalesce(sum(o.grand_total) FILTER (WHERE o.status <> 'cancelled'), 0) AS total,
        min(o.ordered_at) FILTER (WHERE o.status <> 'cancelled') AS first_at, max(o.ordered_at) FILTER (WHERE o.status <> 'cancelled') AS last_at
      FROM (
        SELECT DISTINCT customer_id FROM ${t("orders")}
        WHERE ordered_at >= (${range.from}::date::timestamp AT TIME ZONE 'UTC') AND ordered_at < ((${range.to}::date + 1)::timestamp AT TIME ZONE 'UTC')
      ) c JOIN ${t("orders")} o ON o.customer_id = c.customer_id
      GROUP BY c.customer_id
    ) raw
    WHERE m.customer_id = raw.customer_id
      AND (m.orders_count, m.lifetime_value, m.first_order_at, m.last_order_at, m.average_order_value) IS DISTINCT FROM
        (raw.orders, raw.total, raw.first_at, raw.last_at, CASE WHEN raw.orders = 0 THEN 0 ELSE round(raw.total / raw.orders, 2) END)`);
  return { inserted: 0, updated: updated.rowCount, deleted: 0 };
}
