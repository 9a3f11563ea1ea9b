import { NotFoundError, type TenantQueries } from "@erp/db";
import { salesTargetsColumns, salesTargetsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

export const salesTargetProgress = z.object({
  target: salesTargetsRow,
  actual_revenue: z.string(),
  actual_units: z.string(),
  orders_count: z.number(),
  /** actual ÷ target revenue × 100, rounded to 2 places; null for a target of 0. */
  revenue_percent: z.string().nullable(),
  /** actual ÷ target units × 100, rounded to 2 places; null without a unit target. */
  units_percent: z.string().nullable(),
});
export type SalesTargetProgress = z.infer<typeof salesTargetProgress>;

/**
 * A sales target next to what was sold in its period and scope: the lines of orders not cancelled,
 * placed (UTC day) from period_start to period_end, net of discounts (as the rollups count them),
 * of the target's channel and dealer (by the order's attribution), category (by the product's) and
 * sales user (the order's assigned_to), each only when the target names it. Read from the orders
 * themselves, so any combination of scopes is exact. The stored achieved_revenue is not written.
 */
export async function loadSalesTargetProgress(tx: TenantQueries, targetId: string): Promise<SalesTargetProgress> {
  const target = await tx.maybeOne(sql.type(salesTargetsRow)`SELECT ${salesTargetsColumns} FROM sales_targets WHERE id = ${targetId}`);
  if (!target) throw new NotFoundError(`No sales target has the id ${targetId}.`);
  const scope: FragmentSqlToken[] = [sql.fragment`o.status <> 'cancelled'`];
  if (target.channel_id) scope.push(sql.fragment`a.channel_id = ${target.channel_id}`);
  if (target.dealer_id) scope.push(sql.fragment`a.dealer_id = ${target.dealer_id}`);
  if (target.category_id) scope.push(sql.fragment`p.category_id = ${target.category_id}`);
  if (target.user_id) scope.push(sql.fragment`o.assigned_to = ${target.user_id}`);
  const actual = await tx.one(sql.type(
    z.object({
      revenue: z.string(),
      units: z.string(),
      orders: z.number(),
      revenue_percent: z.string().nullable(),
      units_percent: z.string().nullable(),
    }),
  )`
    SELECT revenue::numeric(18,4)::text AS revenue, units::numeric(18,4)::text AS units, orders,
      round(revenue / nullif(${target.target_revenue}::numeric, 0) * 100, 2)::text AS revenue_percent,
      round(units / nullif(${target.target_units}::numeric, 0) * 100, 2)::text AS units_percent
    FROM (
      SELECT coalesce(sum(i.quantity * i.unit_price - i.discount_amount), 0) AS revenue, coalesce(sum(i.quantity), 0) AS units,
        count(DISTINCT o.id)::integer AS orders
      FROM orders o JOIN order_items i ON i.order_id = o.id JOIN products p ON p.id = i.product_id
      LEFT JOIN order_attributions a ON a.order_id = o.id
      WHERE o.ordered_at >= (${target.period_start}::date::timestamp AT TIME ZONE 'UTC')
        AND o.ordered_at < ((${target.period_end}::date + 1)::timestamp AT TIME ZONE 'UTC')
        AND ${sql.join(scope, sql.fragment` AND `)}
    ) sold`);
  return {
    target,
    actual_revenue: actual.revenue,
    actual_units: actual.units,
    orders_count: actual.orders,
    revenue_percent: actual.revenue_percent,
    units_percent: actual.units_percent,
  };
}
