import { NotFoundError, type TenantQueries } from "@erp/db";
import {
  stockTransferItemsColumns,
  stockTransferItemsRow,
  stockTransfersColumns,
  stockTransfersRow,
  type stockTransfersStatus,
} from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** A stock transfer with its lines (quantity, shipped, received and the unit cost they travel at). */
export const stockTransferWithLines = stockTransfersRow.extend({ lines: z.array(stockTransferItemsRow) });
export type StockTransferWithLines = z.infer<typeof stockTransferWithLines>;

/** The transfer and its lines; NotFoundError when the tenant has no such transfer. */
export async function loadStockTransfer(tx: TenantQueries, transferId: string): Promise<StockTransferWithLines> {
  const [transfer, lines] = await Promise.all([
    tx.maybeOne(sql.type(stockTransfersRow)`SELECT ${stockTransfersColumns} FROM stock_transfers WHERE id = ${transferId}`),
    tx.any(sql.type(stockTransferItemsRow)`
      SELECT ${stockTransferItemsColumns} FROM stock_transfer_items WHERE stock_transfer_id = ${transferId} ORDER BY id`),
  ]);
  if (!transfer) throw new NotFoundError(`No stock transfer has the id ${transferId}.`);
  return { ...transfer, lines: [...lines] };
}

export type StockTransferFilter = {
  warehouse_id?: string | undefined;
  status?: z.infer<typeof stockTransfersStatus> | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Stock transfers (without lines), oldest first, one page; `warehouse_id` keeps those leaving or reaching it. */
export async function listStockTransfers(
  tx: TenantQueries,
  filter: StockTransferFilter,
): Promise<{ items: z.infer<typeof stockTransfersRow>[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.warehouse_id) {
    conditions.push(sql.fragment`(from_warehouse_id = ${filter.warehouse_id} OR to_warehouse_id = ${filter.warehouse_id})`);
  }
  if (filter.status) conditions.push(sql.fragment`status = ${filter.status}`);
  const rows = await tx.any(sql.type(stockTransfersRow)`
    SELECT ${stockTransfersColumns} FROM stock_transfers WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
