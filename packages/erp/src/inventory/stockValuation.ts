import { NotFoundError, type TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** One stock row at its moving average: worth = round(on hand × average cost, 4), what the books hold for it. */
export const valuationRow = z.object({
  inventory_id: z.uuid(),
  product_id: z.uuid(),
  product_variant_id: z.uuid().nullable(),
  sku: z.string().nullable(),
  warehouse_id: z.uuid(),
  warehouse_code: z.string(),
  quantity_on_hand: z.string(),
  average_cost: z.string(),
  value: z.string(),
});

/**
 * The stock valuation: one page of stock rows at their worth, and the totals over every row the
 * filter keeps. With no warehouse filter the stock total equals the inventory account's balance,
 * and the value in transit (what shipped transfers carry, Σ (shipped − received) × unit cost)
 * equals the in-transit account's balance (the rules in invariants/inventoryInvariants.ts).
 */
export const stockValuationReport = z.object({
  items: z.array(valuationRow),
  nextCursor: z.uuid().nullable(),
  totals: z.object({ rows: z.number(), quantity_on_hand: z.string(), value: z.string() }),
  in_transit: z.object({ quantity: z.string(), value: z.string() }),
  books: z.object({ inventory_account: z.string(), in_transit_account: z.string() }),
});
export type StockValuationReport = z.infer<typeof stockValuationReport>;

export type StockValuationFilter = { warehouse_id?: string | undefined; cursor?: string | undefined; limit: number };

const totals = z.object({
  warehouse: z.boolean(),
  rows: z.number(),
  quantity_on_hand: z.string(),
  value: z.string(),
  transit_quantity: z.string(),
  transit_value: z.string(),
  inventory_account: z.string(),
  in_transit_account: z.string(),
});

/** Quantity × moving average per variant and warehouse, with totals and the two accounts they must equal. */
export async function stockValuation(tx: TenantQueries, filter: StockValuationFilter): Promise<StockValuationReport> {
  const scope: FragmentSqlToken = filter.warehouse_id ? sql.fragment`i.warehouse_id = ${filter.warehouse_id}` : sql.fragment`TRUE`;
  const transitScope: FragmentSqlToken = filter.warehouse_id
    ? sql.fragment`(t.from_warehouse_id = ${filter.warehouse_id} OR t.to_warehouse_id = ${filter.warehouse_id})`
    : sql.fragment`TRUE`;
  const sum = await tx.one(sql.type(totals)`
    SELECT (${filter.warehouse_id ?? null}::uuid IS NULL OR EXISTS (SELECT 1 FROM warehouses WHERE id = ${filter.warehouse_id ?? null}::uuid)) AS warehouse,
      stock.rows, stock.quantity::text AS quantity_on_hand, stock.value::text AS value,
      transit.quantity::text AS transit_quantity, transit.value::text AS transit_value,
      coalesce((SELECT a.ledger_balance FROM posting_accounts p JOIN chart_of_accounts a ON a.id = p.account_id WHERE p.purpose = 'inventory'), 0)::text
        AS inventory_account,
      coalesce((SELECT a.ledger_balance FROM posting_accounts p JOIN chart_of_accounts a ON a.id = p.account_id
        WHERE p.purpose = 'inventory_in_transit'), 0)::text AS in_transit_account
    FROM (
      SELECT count(*)::integer AS rows, coalesce(sum(i.quantity_on_hand), 0)::numeric(18,4) AS quantity,
        coalesce(sum(round(i.quantity_on_hand * i.average_cost, 4)), 0)::numeric(18,4) AS value
      FROM inventory i WHERE ${scope}
    ) stock, (
      SELECT coalesce(sum(ti.quantity_shipped - ti.quantity_received), 0)::numeric(18,4) AS quantity,
        coalesce(sum(round((ti.quantity_shipped - ti.quantity_received) * ti.unit_cost, 4)), 0)::numeric(18,4) AS value
      FROM stock_transfer_items ti JOIN stock_transfers t ON t.id = ti.stock_transfer_id
      WHERE t.status = 'in_transit' AND ${transitScope}
    ) transit`);
  if (!sum.warehouse) throw new NotFoundError(`No warehouse has the id ${filter.warehouse_id}.`);
  const conditions: FragmentSqlToken[] = [scope];
  if (filter.cursor) conditions.push(sql.fragment`i.id > ${filter.cursor}`);
  const rows = await tx.any(sql.type(valuationRow)`
    SELECT i.id AS inventory_id, i.product_id, i.product_variant_id, coalesce(v.sku, p.sku) AS sku, i.warehouse_id, w.code AS warehouse_code,
      i.quantity_on_hand::text AS quantity_on_hand, i.average_cost::text AS average_cost,
      round(i.quantity_on_hand * i.average_cost, 4)::numeric(18,4)::text AS value
    FROM inventory i
    JOIN products p ON p.id = i.product_id
    JOIN warehouses w ON w.id = i.warehouse_id
    LEFT JOIN product_variants v ON v.id = i.product_variant_id
    WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY i.id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return {
    items,
    nextCursor: rows.length > filter.limit ? (items.at(-1)?.inventory_id ?? null) : null,
    totals: { rows: sum.rows, quantity_on_hand: sum.quantity_on_hand, value: sum.value },
    in_transit: { quantity: sum.transit_quantity, value: sum.transit_value },
    books: { inventory_account: sum.inventory_account, in_transit_account: sum.in_transit_account },
  };
}
