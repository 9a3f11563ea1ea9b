import { ConflictError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { type InvoiceWithLines, loadInvoice } from "./loadInvoice.ts";
import { reverseEntry } from "./reverseEntry.ts";

export type CancelInvoiceInput = { id: string; reason: string };

const current = z.object({
  number: z.string(),
  status: z.string(),
  orderId: z.uuid().nullable(),
  amountPaid: z.string(),
  amountCredited: z.string(),
  journalEntryId: z.uuid().nullable(),
  today: z.string(),
});

/**
 * Voids an issued invoice nothing has been paid or credited on: its posting is reversed (a new
 * entry, the original marked reversed), the invoiced quantities go back to the order lines so
 * they can be invoiced again, and the order's shipping is free for the next invoice. The order
 * is locked before the invoice, in the same order as invoicing takes them.
 */
export async function cancelInvoice(tx: TenantQueries, input: CancelInvoiceInput, actor: Actor): Promise<InvoiceWithLines> {
  await tx.query(sql.unsafe`
    SELECT 1 FROM orders WHERE id = (SELECT order_id FROM tax_invoices WHERE id = ${input.id}) FOR UPDATE`);
  const invoice = await tx.maybeOne(sql.type(current)`
    SELECT invoice_number AS number, status, order_id AS "orderId", amount_paid::text AS "amountPaid",
      amount_credited::text AS "amountCredited", journal_entry_id AS "journalEntryId", current_date::text AS today
    FROM tax_invoices WHERE id = ${input.id} FOR UPDATE`);
  if (!invoice) throw new NotFoundError(`No invoice has the id ${input.id}.`);
  if (invoice.status === "void") throw new ConflictError(`Invoice ${invoice.number} is already void.`);
  if (Number(invoice.amountPaid) > 0 || Number(invoice.amountCredited) > 0) {
    throw new ConflictError(
      `Invoice ${invoice.number} cannot be cancelled: ${invoice.amountPaid} is paid and ${invoice.amountCredited} credited on it; credit it instead.`,
    );
  }
  const before = await loadInvoice(tx, input.id);
  if (invoice.journalEntryId) {
    await reverseEntry(
      tx,
      invoice.journalEntryId,
      { date: invoice.today, description: `Cancellation of invoice ${invoice.number}`, source: { type: "tax_invoice", id: input.id } },
      actor,
    );
  }
  await tx.query(sql.unsafe`
    WITH returned AS (
      UPDATE order_items oi SET quantity_invoiced = oi.quantity_invoiced - i.quantity, updated_at = now()
      FROM tax_invoice_items i WHERE i.tax_invoice_id = ${input.id} AND oi.id = i.order_item_id
    )
    UPDATE tax_invoices SET status = 'void', notes = concat_ws(E'\n', notes, ${`Cancelled: ${input.reason}`}::text), updated_at = now()
    WHERE id = ${input.id}`);
  const after = await loadInvoice(tx, input.id);
  await recordAudit(tx, actor, {
    action: "cancel",
    entity: "tax_invoices",
    entityId: input.id,
    before: { status: before.status, notes: before.notes },
    after: { status: after.status, notes: after.notes, reason: input.reason },
  });
  return after;
}
