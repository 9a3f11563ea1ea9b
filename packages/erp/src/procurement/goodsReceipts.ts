import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { goodsReceiptItemsColumns, goodsReceiptItemsRow, goodsReceiptNotesColumns, goodsReceiptNotesRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { nextNumber } from "../books/nextNumber.ts";
import { assertBinInWarehouse } from "../inventory/binStock.ts";
import { sumUnits } from "../inventory/decimalUnits.ts";
import { moveStock } from "../inventory/moveStock.ts";
import { postStockValue } from "../inventory/postStockValue.ts";
import { compare } from "../sales/billing/money.ts";

export const goodsReceiptWithLines = goodsReceiptNotesRow.extend({ lines: z.array(goodsReceiptItemsRow) });
export type GoodsReceiptWithLines = z.infer<typeof goodsReceiptWithLines>;

export type CreateGoodsReceiptInput = {
  purchase_order_id: string;
  lines: readonly {
    purchase_order_item_id: string;
    quantity: string;
    /** In a warehouse with bins: the bin the goods go to (else the put-away order of binStock.ts). */
    bin_id?: string | null | undefined;
    lot_number?: string | null | undefined;
    expiry_date?: string | null | undefined;
  }[];
  delivery_note_number?: string | null | undefined;
  carrier?: string | null | undefined;
  notes?: string | null | undefined;
};

const lockedLine = z.object({
  id: z.uuid(),
  lineNumber: z.number(),
  productId: z.uuid(),
  variantId: z.uuid().nullable(),
  sku: z.string(),
  unitCost: z.string(),
  /** ordered × (1 + tolerance) − received: what may still arrive. */
  receivable: z.string(),
});

/**
 * Goods arriving against an approved or sent purchase order, line by line, into the order's
 * warehouse. Each line may bring at most what is left of the order line plus the tenant's
 * tolerance (BAD_REQUEST naming the line; the CHECK on purchase_order_items refuses it again).
 * The goods enter stock at the order's price (moving average), and the receipt posts Dr inventory
 * (the stock's change of worth) / Cr goods received not invoiced (quantity × order price) in one
 * entry. The order is locked first, so receipts of one order queue.
 */
export async function createGoodsReceipt(tx: TenantQueries, input: CreateGoodsReceiptInput, actor: Actor): Promise<GoodsReceiptWithLines> {
  if (input.lines.length === 0) throw new InvalidInputError("lines: a goods receipt needs at least one line.");
  const order = await tx.maybeOne(sql.type(
    z.object({ number: z.string(), status: z.string(), warehouseId: z.uuid(), currency: z.string() }),
  )`
    SELECT po_number AS number, status, warehouse_id AS "warehouseId", currency
    FROM purchase_orders WHERE id = ${input.purchase_order_id} FOR UPDATE`);
  if (!order) throw new NotFoundError(`No purchase order has the id ${input.purchase_order_id}.`);
  // A received order still takes what its tolerance allows (an over-delivery); a closed one nothing.
  if (!["approved", "sent", "partially_received", "received"].includes(order.status)) {
    throw new ConflictError(`Purchase order ${order.number} is ${order.status}: goods can be received only on an approved or sent order.`);
  }
  const lines = await tx.any(sql.type(lockedLine)`
    SELECT i.id, i.line_number AS "lineNumber", i.product_id AS "productId", i.product_variant_id AS "variantId",
      coalesce(v.sku, p.sku) AS sku, i.unit_cost::text AS "unitCost",
      (i.quantity_ordered * (1 + i.quantity_tolerance_percent / 100) - i.quantity_received)::numeric(18,4)::text AS receivable
    FROM purchase_order_items i JOIN products p ON p.id = i.product_id LEFT JOIN product_variants v ON v.id = i.product_variant_id
    WHERE i.purchase_order_id = ${input.purchase_order_id}`);
  const byId = new Map(lines.map((line) => [line.id, line]));
  const seen = new Set<string>();
  for (const [index, line] of input.lines.entries()) {
    const ordered = byId.get(line.purchase_order_item_id);
    if (!ordered) throw new NotFoundError(`lines.${index}.purchase_order_item_id: the order has no line ${line.purchase_order_item_id}.`);
    if (seen.has(line.purchase_order_item_id))
      throw new InvalidInputError(`lines.${index}.purchase_order_item_id: the line is named twice.`);
    seen.add(line.purchase_order_item_id);
    if (compare(line.quantity, ordered.receivable) > 0) {
      throw new InvalidInputError(
        `lines.${index}.quantity: line ${ordered.lineNumber} (${ordered.sku}) can take at most ${ordered.receivable} more, not ${line.quantity}.`,
      );
    }
    await assertBinInWarehouse(tx, line.bin_id, order.warehouseId, `lines.${index}.bin_id`);
  }

  const receiptId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT uuidv7() AS id`);
  const moved: {
    line: (typeof input.lines)[number];
    ordered: z.infer<typeof lockedLine>;
    movementId: string;
    value: string;
    worth: string;
  }[] = [];
  for (const line of input.lines) {
    const ordered = byId.get(line.purchase_order_item_id) as z.infer<typeof lockedLine>;
    const change = await moveStock(
      tx,
      { product_id: ordered.productId, product_variant_id: ordered.variantId, warehouse_id: order.warehouseId },
      ordered.sku,
      {
        type: "receipt",
        change: line.quantity,
        unitCost: ordered.unitCost,
        binId: line.bin_id ?? null,
        note: `Purchase order ${order.number}`,
        reference: { type: "goods_receipt_note", id: receiptId },
      },
      actor,
    );
    moved.push({ line, ordered, movementId: change.movement_id, value: change.movementValue, worth: change.valueChange });
  }
  await tx.query(sql.unsafe`
    UPDATE purchase_order_items i SET quantity_received = i.quantity_received + r.quantity, updated_at = now()
    FROM ${sql.unnest(
      input.lines.map((line) => [line.purchase_order_item_id, line.quantity]),
      ["uuid", "numeric"],
    )} AS r(id, quantity)
    WHERE i.id = r.id`);
  await tx.query(sql.unsafe`
    UPDATE purchase_orders SET status = CASE WHEN NOT EXISTS (
        SELECT 1 FROM purchase_order_items WHERE purchase_order_id = ${input.purchase_order_id} AND quantity_received < quantity_ordered)
      THEN 'received' ELSE 'partially_received' END, updated_at = now()
    WHERE id = ${input.purchase_order_id}`);

  const number = await nextNumber(tx, "goods_receipt");
  await tx.query(sql.unsafe`
    INSERT INTO goods_receipt_notes (id, grn_number, purchase_order_id, warehouse_id, received_by, status, delivery_note_number, carrier, notes)
    VALUES (${receiptId}, ${number}, ${input.purchase_order_id}, ${order.warehouseId}, ${actor.userId}::uuid, 'posted',
      ${input.delivery_note_number ?? null}, ${input.carrier ?? null}, ${input.notes ?? null})`);
  await tx.query(sql.unsafe`
    INSERT INTO goods_receipt_items (grn_id, purchase_order_item_id, product_id, product_variant_id, bin_id, stock_movement_id,
      quantity_received, lot_number, expiry_date, unit_cost, currency)
    SELECT ${receiptId}, r.item_id, r.product_id, r.variant_id, r.bin_id, r.movement_id, r.quantity, r.lot_number, r.expiry_date, r.unit_cost,
      ${order.currency}
    FROM ${sql.unnest(
      moved.map(({ line, ordered, movementId }) => [
        line.purchase_order_item_id,
        ordered.productId,
        ordered.variantId,
        line.bin_id ?? null,
        movementId,
        line.quantity,
        line.lot_number ?? null,
        line.expiry_date ?? null,
        ordered.unitCost,
      ]),
      ["uuid", "uuid", "uuid", "uuid", "uuid", "numeric", "text", "date", "numeric"],
    )} AS r(item_id, product_id, variant_id, bin_id, movement_id, quantity, lot_number, expiry_date, unit_cost)`);
  await postStockValue(
    tx,
    {
      description: `Goods receipt ${number} (purchase order ${order.number})`,
      reference: number,
      source: { type: "goods_receipt_note", id: receiptId },
      inventoryChange: sumUnits(moved.map((entry) => entry.worth)),
      counter: { account: "goods_received_not_invoiced", amount: sumUnits(moved.map((entry) => entry.value)) },
    },
    actor,
  );
  const receipt = await loadGoodsReceipt(tx, receiptId);
  await recordAudit(tx, actor, { action: "create", entity: "goods_receipt_notes", entityId: receiptId, after: receipt });
  return receipt;
}

export async function loadGoodsReceipt(tx: TenantQueries, receiptId: string): Promise<GoodsReceiptWithLines> {
  const [receipt, lines] = await Promise.all([
    tx.maybeOne(sql.type(goodsReceiptNotesRow)`SELECT ${goodsReceiptNotesColumns} FROM goods_receipt_notes WHERE id = ${receiptId}`),
    tx.any(
      sql.type(goodsReceiptItemsRow)`SELECT ${goodsReceiptItemsColumns} FROM goods_receipt_items WHERE grn_id = ${receiptId} ORDER BY id`,
    ),
  ]);
  if (!receipt) throw new NotFoundError(`No goods receipt has the id ${receiptId}.`);
  return { ...receipt, lines: [...lines] };
}

export async function listGoodsReceipts(
  tx: TenantQueries,
  input: { cursor?: string | undefined; limit: number; purchase_order_id?: string | undefined },
) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.purchase_order_id) conditions.push(sql.fragment`purchase_order_id = ${input.purchase_order_id}`);
  const rows = await tx.any(sql.type(goodsReceiptNotesRow)`
    SELECT ${goodsReceiptNotesColumns} FROM goods_receipt_notes WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
