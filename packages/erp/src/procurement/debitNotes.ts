import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { purchaseReturnItemsColumns, purchaseReturnItemsRow, purchaseReturnsColumns, purchaseReturnsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { nextNumber } from "../books/nextNumber.ts";
import { postEntry } from "../books/postEntry.ts";
import { formatUnits, sumUnits, toUnits } from "../inventory/decimalUnits.ts";
import { moveStock } from "../inventory/moveStock.ts";
import { compare } from "../sales/billing/money.ts";

export const debitNoteWithLines = purchaseReturnsRow.extend({ lines: z.array(purchaseReturnItemsRow) });
export type DebitNoteWithLines = z.infer<typeof debitNoteWithLines>;

export type CreateDebitNoteInput = {
  bill_id: string;
  reason: string;
  lines: readonly { bill_item_id: string; quantity: string }[];
};

const billLine = z.object({
  id: z.uuid(),
  lineNumber: z.number(),
  orderItemId: z.uuid(),
  productId: z.uuid(),
  variantId: z.uuid().nullable(),
  sku: z.string(),
  quantity: z.string(),
  unitCost: z.string(),
  net: z.string(),
  tax: z.string(),
  returnedQuantity: z.string(),
  returnedNet: z.string(),
  returnedTax: z.string(),
});

/**
 * A debit note: goods sent back to the vendor against an approved bill, taking the bill's amount
 * down. Per line at most what the bill line billed and no earlier debit note took back
 * (BAD_REQUEST naming the line; purchase_order_items.quantity_returned ≤ quantity_billed backs it);
 * amounts are the bill line's pro rata (net rounded to 4, tax to cents), the last units taking what
 * is left. The total must fit what is open on the bill (CONFLICT; the bill's CHECK backs it).
 * The goods leave stock at the moving average; posting (purchases journal, today):
 * Dr payables (tagged) / Cr inventory (the stock's change of worth), Cr input tax, and the
 * difference between the billed net and the stock's value to purchase price variance.
 * The order is locked first, then the bill (the order of approval), so they queue.
 */
export async function createDebitNote(tx: TenantQueries, input: CreateDebitNoteInput, actor: Actor): Promise<DebitNoteWithLines> {
  if (input.lines.length === 0) throw new InvalidInputError("lines: a debit note needs at least one line.");
  const head = await tx.maybeOne(sql.type(z.object({ orderId: z.uuid().nullable() }))`
    SELECT purchase_order_id AS "orderId" FROM vendor_invoices WHERE id = ${input.bill_id}`);
  if (!head) throw new NotFoundError(`No vendor bill has the id ${input.bill_id}.`);
  if (!head.orderId) throw new ConflictError("The bill names no purchase order: its goods cannot be returned through it.");
  const order = await tx.one(sql.type(z.object({ number: z.string(), warehouseId: z.uuid() }))`
    SELECT po_number AS number, warehouse_id AS "warehouseId" FROM purchase_orders WHERE id = ${head.orderId} FOR UPDATE`);
  const bill = await tx.one(sql.type(
    z.object({ number: z.string(), status: z.string(), vendorId: z.uuid(), currency: z.string(), open: z.string() }),
  )`
    SELECT invoice_number AS number, status, vendor_id AS "vendorId", currency, (grand_total - amount_paid - amount_credited)::text AS open
    FROM vendor_invoices WHERE id = ${input.bill_id} FOR UPDATE`);
  if (bill.status !== "approved" && bill.status !== "partially_paid") {
    throw new ConflictError(`Vendor bill ${bill.number} is ${bill.status}: a debit note needs an approved bill with money open.`);
  }
  const lines = await tx.any(sql.type(billLine)`
    SELECT b.id, b.line_number AS "lineNumber", b.purchase_order_item_id AS "orderItemId", i.product_id AS "productId",
      i.product_variant_id AS "variantId", coalesce(v.sku, p.sku) AS sku, b.quantity::text, b.unit_cost::text AS "unitCost",
      (b.line_total - b.tax_amount)::text AS net, b.tax_amount::text AS tax,
      coalesce(r.quantity, 0)::text AS "returnedQuantity", coalesce(r.net, 0)::text AS "returnedNet", coalesce(r.tax, 0)::text AS "returnedTax"
    FROM vendor_invoice_items b
    JOIN purchase_order_items i ON i.id = b.purchase_order_item_id
    JOIN products p ON p.id = i.product_id LEFT JOIN product_variants v ON v.id = i.product_variant_id
    LEFT JOIN (SELECT vendor_invoice_item_id, sum(quantity) AS quantity, sum(line_total - tax_amount) AS net, sum(tax_amount) AS tax
      FROM purchase_return_items GROUP BY vendor_invoice_item_id) r ON r.vendor_invoice_item_id = b.id
    WHERE b.vendor_invoice_id = ${input.bill_id}`);
  const byId = new Map(lines.map((line) => [line.id, line]));
  const priced: { line: z.infer<typeof billLine>; quantity: string; net: string; tax: string }[] = [];
  for (const [index, requested] of input.lines.entries()) {
    const line = byId.get(requested.bill_item_id);
    if (!line) throw new NotFoundError(`lines.${index}.bill_item_id: the bill has no line ${requested.bill_item_id}.`);
    if (priced.some((entry) => entry.line.id === line.id))
      throw new InvalidInputError(`lines.${index}.bill_item_id: the line is named twice.`);
    const left = toUnits(line.quantity) - toUnits(line.returnedQuantity);
    const quantity = toUnits(requested.quantity);
    if (quantity > left) {
      throw new InvalidInputError(
        `lines.${index}.quantity: bill line ${line.lineNumber} (${line.sku}) has ${formatUnits(left)} left to return, not ${requested.quantity}.`,
      );
    }
    const last = quantity === left;
    const amounts = await tx.one(sql.type(z.object({ net: z.string(), tax: z.string() }))`
      SELECT round(${requested.quantity}::numeric * ${line.unitCost}::numeric, 4)::text AS net,
        round(${line.tax}::numeric * ${requested.quantity}::numeric / ${line.quantity}::numeric, 2)::text AS tax`);
    priced.push({
      line,
      quantity: requested.quantity,
      net: last ? formatUnits(toUnits(line.net) - toUnits(line.returnedNet)) : amounts.net,
      tax: last ? formatUnits(toUnits(line.tax) - toUnits(line.returnedTax)) : amounts.tax,
    });
  }
  const net = sumUnits(priced.map((entry) => entry.net));
  const tax = sumUnits(priced.map((entry) => entry.tax));
  const total = sumUnits([net, tax]);
  if (compare(total, bill.open) > 0) {
    throw new ConflictError(`Vendor bill ${bill.number} has only ${bill.open} open; a debit note of ${total} does not fit.`);
  }

  const noteId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT uuidv7() AS id`);
  const moved: { movementId: string; worth: string }[] = [];
  for (const entry of priced) {
    const change = await moveStock(
      tx,
      { product_id: entry.line.productId, product_variant_id: entry.line.variantId, warehouse_id: order.warehouseId },
      entry.line.sku,
      {
        type: "adjustment",
        change: `-${entry.quantity}`,
        note: `Returned to vendor (bill ${bill.number})`,
        reference: { type: "purchase_return", id: noteId },
      },
      actor,
    );
    moved.push({ movementId: change.movement_id, worth: change.valueChange });
  }
  await tx.query(sql.unsafe`
    UPDATE purchase_order_items i SET quantity_returned = i.quantity_returned + r.quantity, updated_at = now()
    FROM ${sql.unnest(
      priced.map((entry) => [entry.line.orderItemId, entry.quantity]),
      ["uuid", "numeric"],
    )} AS r(id, quantity)
    WHERE i.id = r.id`);
  await tx.query(sql.unsafe`
    UPDATE vendor_invoices SET amount_credited = amount_credited + ${total}::numeric,
      status = CASE WHEN amount_paid + amount_credited + ${total}::numeric = grand_total THEN 'paid' ELSE status END, updated_at = now()
    WHERE id = ${input.bill_id}`);
  const number = await nextNumber(tx, "debit_note");
  await tx.query(sql.unsafe`
    INSERT INTO purchase_returns (id, return_number, vendor_id, purchase_order_id, warehouse_id, created_by, status, reason, returned_at,
      currency, total_amount, vendor_invoice_id, tax_total)
    VALUES (${noteId}, ${number}, ${bill.vendorId}, ${head.orderId}, ${order.warehouseId}, ${actor.userId}::uuid, 'credited', ${input.reason},
      clock_timestamp(), ${bill.currency}, ${total}::numeric, ${input.bill_id}, ${tax}::numeric)`);
  await tx.query(sql.unsafe`
    INSERT INTO purchase_return_items (purchase_return_id, line_number, product_id, product_variant_id, stock_movement_id, quantity, unit_cost,
      line_total, currency, vendor_invoice_item_id, tax_amount)
    SELECT ${noteId}, r.line_number, r.product_id, r.variant_id, r.movement_id, r.quantity, r.unit_cost, r.net + r.tax, ${bill.currency}, r.item_id, r.tax
    FROM ${sql.unnest(
      priced.map((entry, index) => [
        index + 1,
        entry.line.productId,
        entry.line.variantId,
        moved[index]?.movementId ?? null,
        entry.quantity,
        entry.line.unitCost,
        entry.net,
        entry.tax,
        entry.line.id,
      ]),
      ["int4", "uuid", "uuid", "uuid", "numeric", "numeric", "numeric", "numeric", "uuid"],
    )} AS r(line_number, product_id, variant_id, movement_id, quantity, unit_cost, net, tax, item_id)`);
  // The stock left at its worth (a negative change); the bill's net against it is the variance.
  const stockOut = -toUnits(sumUnits(moved.map((entry) => entry.worth)));
  const variance = toUnits(net) - stockOut;
  const date = await tx.oneFirst(sql.type(z.object({ today: z.string() }))`SELECT current_date::text AS today`);
  await postEntry(
    tx,
    {
      date,
      journal: "PURCH",
      description: `Debit note ${number} (vendor bill ${bill.number})`,
      reference: number,
      source: { type: "purchase_return", id: noteId },
      lines: [
        { account: "payable", debit: total, vendorId: bill.vendorId },
        { account: "inventory", credit: formatUnits(stockOut) },
        { account: "tax_receivable", credit: tax },
        variance >= 0n
          ? { account: "purchase_price_variance", credit: formatUnits(variance) }
          : { account: "purchase_price_variance", debit: formatUnits(-variance) },
      ],
    },
    actor,
  );
  const note = await loadDebitNote(tx, noteId);
  await recordAudit(tx, actor, { action: "create", entity: "purchase_returns", entityId: noteId, after: note });
  await recordAudit(tx, actor, {
    action: "credit",
    entity: "vendor_invoices",
    entityId: input.bill_id,
    before: { status: bill.status },
    after: { debit_note: number, amount: total },
  });
  return note;
}

export async function loadDebitNote(tx: TenantQueries, noteId: string): Promise<DebitNoteWithLines> {
  const [note, lines] = await Promise.all([
    tx.maybeOne(sql.type(purchaseReturnsRow)`SELECT ${purchaseReturnsColumns} FROM purchase_returns WHERE id = ${noteId}`),
    tx.any(sql.type(purchaseReturnItemsRow)`
      SELECT ${purchaseReturnItemsColumns} FROM purchase_return_items WHERE purchase_return_id = ${noteId} ORDER BY line_number`),
  ]);
  if (!note) throw new NotFoundError(`No debit note has the id ${noteId}.`);
  return { ...note, lines: [...lines] };
}
