import { NotFoundError, type TenantQueries } from "@erp/db";
import { stockCountItemsColumns, stockCountItemsRow, stockCountsColumns, stockCountsRow, type stockCountsStatus } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** A stock count with its lines (expected at the start, counted, the book quantity at the count), as every inventory.counts procedure answers. */
export const stockCountWithLines = stockCountsRow.extend({ lines: z.array(stockCountItemsRow) });
export type StockCountWithLines = z.infer<typeof stockCountWithLines>;

/** The count and its lines; NotFoundError when the tenant has no such count. */
export async function loadStockCount(tx: TenantQueries, countId: string): Promise<StockCountWithLines> {
  const [count, lines] = await Promise.all([
    tx.maybeOne(sql.type(stockCountsRow)`SELECT ${stockCountsColumns} FROM stock_counts WHERE id = ${countId}`),
    tx.any(
      sql.type(stockCountItemsRow)`SELECT ${stockCountItemsColumns} FROM stock_count_items WHERE stock_count_id = ${countId} ORDER BY id`,
    ),
  ]);
  if (!count) throw new NotFoundError(`No stock count has the id ${countId}.`);
  return { ...count, lines: [...lines] };
}

export type StockCountFilter = {
  warehouse_id?: string | undefined;
  status?: z.infer<typeof stockCountsStatus> | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Stock counts (without lines), oldest first, one page. */
export async function listStockCounts(
  tx: TenantQueries,
  filter: StockCountFilter,
): Promise<{ items: z.infer<typeof stockCountsRow>[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.warehouse_id) conditions.push(sql.fragment`warehouse_id = ${filter.warehouse_id}`);
  if (filter.status) conditions.push(sql.fragment`status = ${filter.status}`);
  const rows = await tx.any(sql.type(stockCountsRow)`
    SELECT ${stockCountsColumns} FROM stock_counts WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
