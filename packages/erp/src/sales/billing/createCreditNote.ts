import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { creditNoteItemsColumns, creditNoteItemsRow, creditNotesColumns, creditNotesRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { nextNumber } from "../../books/nextNumber.ts";
import { type PostingLine, postEntry } from "../../books/postEntry.ts";
import { moveStock, resolveStockKey } from "../../inventory/moveStock.ts";
import { postStockValue } from "../../inventory/postStockValue.ts";
import { compare, sum } from "./money.ts";

export type CreateCreditNoteInput = {
  invoice_id: string;
  lines: readonly { invoice_item_id: string; quantity: string }[];
  reason: string;
  /** The goods come back into stock at the cost they left with. */
  restock?: boolean | undefined;
};

export const creditNoteWithLines = creditNotesRow.extend({ lines: z.array(creditNoteItemsRow) });
export type CreditNoteWithLines = z.infer<typeof creditNoteWithLines>;

const invoiceHead = z.object({
  number: z.string(),
  status: z.string(),
  customerId: z.uuid(),
  orderId: z.uuid().nullable(),
  currency: z.string(),
  open: z.string(),
  today: z.string(),
});

const creditedLine = z.object({
  position: z.number(),
  invoiceItemId: z.uuid().nullable(),
  orderItemId: z.uuid().nullable(),
  productId: z.uuid().nullable(),
  variantId: z.uuid().nullable(),
  accountId: z.uuid().nullable(),
  description: z.string().nullable(),
  unitPrice: z.string().nullable(),
  quantity: z.string(),
  left: z.string().nullable(),
  net: z.string().nullable(),
  tax: z.string().nullable(),
  unitCost: z.string().nullable(),
  warehouseId: z.uuid().nullable(),
});

/**
 * Credits part of an invoice: each line's quantity at the invoice line's amounts pro rata (tax
 * rounded to 2 decimals; the last units of a line take what is left of it, so a line credited in
 * pieces credits exactly its amounts). The total must fit the invoice's open amount (grand total −
 * paid − credited), which the tax_invoices_settled_le_total CHECK backs. Posts Dr revenue (the
 * line's revenue account), Dr tax payable / Cr receivable (tagged with the customer). With
 * restock, the goods come back at the cost they left with: a 'return' movement, the moving
 * average recomputed, quantity_returned raised, and Dr inventory / Cr cost of goods sold.
 */
export async function createCreditNote(tx: TenantQueries, input: CreateCreditNoteInput, actor: Actor): Promise<CreditNoteWithLines> {
  const invoice = await tx.maybeOne(sql.type(invoiceHead)`
    SELECT invoice_number AS number, status, customer_id AS "customerId", order_id AS "orderId", currency,
      (grand_total - amount_paid - amount_credited)::text AS open, current_date::text AS today
    FROM tax_invoices WHERE id = ${input.invoice_id} FOR UPDATE`);
  if (!invoice) throw new NotFoundError(`No invoice has the id ${input.invoice_id}.`);
  if (invoice.status === "void") throw new ConflictError(`Invoice ${invoice.number} is void; there is nothing to credit.`);
  const seen = new Set<string>();
  for (const [index, line] of input.lines.entries()) {
    if (seen.has(line.invoice_item_id)) throw new InvalidInputError(`lines.${index}.invoice_item_id: the line is named twice.`);
    seen.add(line.invoice_item_id);
  }

  const lines = await tx.any(sql.type(creditedLine)`
    WITH wanted AS (
      SELECT * FROM ${sql.unnest(
        input.lines.map((line, index) => [index, line.invoice_item_id, line.quantity]),
        ["int4", "uuid", "numeric"],
      )} AS w(position, item_id, quantity)
    ), credited AS (
      SELECT cni.tax_invoice_item_id AS item_id, sum(cni.quantity) AS quantity, sum(cni.line_total - cni.tax_amount) AS net,
        sum(cni.tax_amount) AS tax
      FROM credit_note_items cni JOIN credit_notes cn ON cn.id = cni.credit_note_id
      WHERE cn.tax_invoice_id = ${input.invoice_id} AND cn.status <> 'void' GROUP BY 1
    ), lines AS (
      SELECT w.position, w.quantity, i.id, i.order_item_id, i.product_id, i.revenue_account_id, i.description, i.unit_price,
        i.quantity - coalesce(c.quantity, 0) AS left_quantity,
        CASE WHEN w.quantity = i.quantity - coalesce(c.quantity, 0) THEN i.quantity * i.unit_price - i.discount_amount - coalesce(c.net, 0)
          ELSE round((i.quantity * i.unit_price - i.discount_amount) * w.quantity / i.quantity, 4) END AS net,
        CASE WHEN w.quantity = i.quantity - coalesce(c.quantity, 0) THEN i.tax_amount - coalesce(c.tax, 0)
          ELSE round(i.tax_amount * w.quantity / i.quantity, 2) END AS tax
      FROM wanted w
      LEFT JOIN tax_invoice_items i ON i.id = w.item_id AND i.tax_invoice_id = ${input.invoice_id}
      LEFT JOIN credited c ON c.item_id = i.id
    )
    SELECT l.position, l.id AS "invoiceItemId", l.order_item_id AS "orderItemId", l.product_id AS "productId",
      oi.product_variant_id AS "variantId", coalesce(l.revenue_account_id, (SELECT account_id FROM posting_accounts WHERE purpose = 'revenue')) AS "accountId",
      l.description, l.unit_price::text AS "unitPrice", l.quantity::text AS quantity, l.left_quantity::text AS left,
      l.net::text AS net, l.tax::text AS tax,
      (SELECT round(sum(si.quantity * si.unit_cost) / sum(si.quantity), 4) FROM shipment_items si WHERE si.order_item_id = l.order_item_id)::text
        AS "unitCost",
      coalesce(
        (SELECT r.warehouse_id FROM stock_reservations r WHERE r.order_id = oi.order_id AND r.product_id = oi.product_id
          AND r.product_variant_id IS NOT DISTINCT FROM oi.product_variant_id ORDER BY r.id LIMIT 1),
        (SELECT w.id FROM warehouses w WHERE w.is_default LIMIT 1)) AS "warehouseId"
    FROM lines l LEFT JOIN order_items oi ON oi.id = l.order_item_id
    ORDER BY l.position`);
  for (const line of lines) {
    if (!line.invoiceItemId) {
      throw new NotFoundError(`lines.${line.position}.invoice_item_id: invoice ${invoice.number} has no such line.`);
    }
    if (compare(line.quantity, line.left ?? "0") > 0) {
      throw new InvalidInputError(
        `lines.${line.position}.quantity: only ${line.left} of "${line.description}" is left to credit on invoice ${invoice.number}.`,
      );
    }
  }
  const subtotal = sum(lines.map((line) => line.net ?? "0"));
  const taxTotal = sum(lines.map((line) => line.tax ?? "0"));
  const amount = sum([subtotal, taxTotal]);
  if (compare(amount, "0") === 0) {
    throw new InvalidInputError(`lines: the credit comes to ${amount}; credit a quantity worth at least a cent.`);
  }
  if (compare(amount, invoice.open) > 0) {
    throw new ConflictError(`The credit of ${amount} exceeds what is open on invoice ${invoice.number} (${invoice.open}).`);
  }

  const creditNoteNumber = await nextNumber(tx, "credit_note");
  const creditNoteId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    WITH note AS (
      INSERT INTO credit_notes (credit_note_number, tax_invoice_id, customer_id, issued_date, status, currency, subtotal, tax_total, amount, reason)
      VALUES (${creditNoteNumber}, ${input.invoice_id}, ${invoice.customerId}, ${invoice.today}::date, 'applied', ${invoice.currency},
        ${subtotal}, ${taxTotal}, ${amount}, ${input.reason})
      RETURNING id
    ), items AS (
      INSERT INTO credit_note_items (credit_note_id, line_number, tax_invoice_item_id, product_id, description, quantity, unit_price,
        tax_amount, line_total, currency)
      SELECT note.id, l.line_number, l.item_id, l.product_id, l.description, l.quantity, l.unit_price, l.tax, l.net + l.tax, ${invoice.currency}
      FROM note, ${sql.unnest(
        lines.map((line, index) => [
          index + 1,
          line.invoiceItemId,
          line.productId,
          line.description ?? "",
          line.quantity,
          line.unitPrice ?? "0",
          line.net ?? "0",
          line.tax ?? "0",
        ]),
        ["int4", "uuid", "uuid", "text", "numeric", "numeric", "numeric", "numeric"],
      )} AS l(line_number, item_id, product_id, description, quantity, unit_price, net, tax)
    )
    SELECT id FROM note`);
  const credited = await tx.one(sql.type(z.object({ status: z.string(), amountCredited: z.string() }))`
    UPDATE tax_invoices SET amount_credited = amount_credited + ${amount}::numeric,
      status = CASE WHEN amount_paid + amount_credited + ${amount}::numeric = grand_total THEN 'paid' ELSE status END, updated_at = now()
    WHERE id = ${input.invoice_id}
    RETURNING status, amount_credited::text AS "amountCredited"`);
  await recordAudit(tx, actor, {
    action: "credit",
    entity: "tax_invoices",
    entityId: input.invoice_id,
    before: { status: invoice.status },
    after: { status: credited.status, amount_credited: credited.amountCredited, credit_note: creditNoteNumber },
  });

  const revenue: PostingLine[] = lines.map((line) => ({ account: { id: line.accountId ?? "" }, debit: line.net ?? "0" }));
  const entry = await postEntry(
    tx,
    {
      date: invoice.today,
      journal: "SALES",
      description: `Credit note ${creditNoteNumber} on invoice ${invoice.number}`,
      reference: creditNoteNumber,
      source: { type: "credit_note", id: creditNoteId },
      lines: [
        ...revenue,
        { account: "tax_payable", debit: taxTotal },
        { account: "receivable", credit: amount, customerId: invoice.customerId },
      ],
    },
    actor,
  );
  await tx.query(sql.unsafe`UPDATE credit_notes SET journal_entry_id = ${entry.id} WHERE id = ${creditNoteId}`);
  if (input.restock) await restock(tx, lines, { id: creditNoteId, number: creditNoteNumber, date: invoice.today }, actor);

  const creditNote = await loadCreditNote(tx, creditNoteId);
  await recordAudit(tx, actor, { action: "issue", entity: "credit_notes", entityId: creditNoteId, after: creditNote });
  return creditNote;
}

/**
 * Returned goods back into stock at the cost they left with (the stock module's moveStock, which
 * keeps the moving average and values the row), and the cost of the sale undone in the books:
 * Dr inventory by the change of the stock's worth, Cr cost of goods sold by the goods' cost, the
 * average's rounding (ten-thousandths) to inventory adjustments (postStockValue).
 */
async function restock(
  tx: TenantQueries,
  lines: readonly z.infer<typeof creditedLine>[],
  creditNote: { id: string; number: string; date: string },
  actor: Actor,
): Promise<void> {
  for (const line of lines) {
    // Lines without an order line (shipping) carry no goods.
    if (!line.orderItemId || !line.productId || !line.warehouseId) continue;
    const key = { product_id: line.productId, product_variant_id: line.variantId, warehouse_id: line.warehouseId };
    const { sku } = await resolveStockKey(tx, key);
    const unitCost = line.unitCost ?? (await averageCostOf(tx, line));
    const moved = await moveStock(
      tx,
      key,
      sku,
      { type: "return", change: line.quantity, unitCost, reference: { type: "credit_note", id: creditNote.id } },
      actor,
    );
    await tx.query(sql.unsafe`
      UPDATE order_items SET quantity_returned = quantity_returned + ${line.quantity}::numeric, updated_at = now()
      WHERE id = ${line.orderItemId}`);
    await postStockValue(
      tx,
      {
        description: `Goods returned on credit note ${creditNote.number}`,
        reference: creditNote.number,
        source: { type: "credit_note", id: creditNote.id },
        inventoryChange: moved.valueChange,
        counter: { account: "cost_of_goods_sold", amount: moved.movementValue },
      },
      actor,
    );
  }
}

/** Goods shipped before shipments recorded their cost come back at the stock's current average cost. */
async function averageCostOf(tx: TenantQueries, line: z.infer<typeof creditedLine>): Promise<string> {
  const cost = await tx.maybeOneFirst(sql.type(z.object({ cost: z.string() }))`
    SELECT average_cost::text AS cost FROM inventory
    WHERE product_id = ${line.productId} AND product_variant_id IS NOT DISTINCT FROM ${line.variantId}::uuid
      AND warehouse_id = ${line.warehouseId}`);
  return cost ?? "0";
}

export async function loadCreditNote(tx: TenantQueries, creditNoteId: string): Promise<CreditNoteWithLines> {
  const [note, lines] = await Promise.all([
    tx.maybeOne(sql.type(creditNotesRow)`SELECT ${creditNotesColumns} FROM credit_notes WHERE id = ${creditNoteId}`),
    tx.any(sql.type(creditNoteItemsRow)`
      SELECT ${creditNoteItemsColumns} FROM credit_note_items WHERE credit_note_id = ${creditNoteId} ORDER BY line_number`),
  ]);
  if (!note) throw new NotFoundError(`No credit note has the id ${creditNoteId}.`);
  return { ...note, lines: [...lines] };
}
