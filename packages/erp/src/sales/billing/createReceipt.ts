import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { paymentReceiptsColumns, paymentReceiptsRow, receiptAllocationsColumns, receiptAllocationsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { auditWithNumber } from "../../audit/recordAudit.ts";
import { provisionalNumber } from "../../books/numberDocument.ts";
import { postEntry } from "../../books/postEntry.ts";
import { compare, normalize, sum } from "./money.ts";

export type ReceiptMethod = z.infer<typeof paymentReceiptsRow>["method"];

export type CreateReceiptInput = {
  customer_id: string;
  amount: string;
  /** YYYY-MM-DD; today when left out. */
  received_on?: string | undefined;
  method?: ReceiptMethod | undefined;
  reference?: string | null | undefined;
  /** Where the money goes: every cent of the receipt is allocated to the customer's open invoices. */
  allocations: readonly { invoice_id: string; amount: string }[];
};

export const receiptWithAllocations = paymentReceiptsRow.extend({ allocations: z.array(receiptAllocationsRow) });
export type ReceiptWithAllocations = z.infer<typeof receiptWithAllocations>;

const lockedInvoice = z.object({
  id: z.uuid(),
  number: z.string(),
  customerId: z.uuid(),
  status: z.string(),
  open: z.string(),
});

/**
 * Records money received from a customer and applies it to their invoices. The allocations must
 * add up to the amount (no unallocated cash on account). The invoices are locked in id order, so
 * concurrent receipts queue without deadlock; the later one re-reads what is open and, when the
 * first took it, answers CONFLICT. Each invoice's amount_paid rises (issued → partially_paid →
 * paid); the posting is Dr bank / Cr receivable (tagged with the customer) in the bank journal.
 */
export async function createReceipt(tx: TenantQueries, input: CreateReceiptInput, actor: Actor): Promise<ReceiptWithAllocations> {
  if (input.allocations.length === 0) throw new InvalidInputError("allocations: a receipt must be allocated to at least one invoice.");
  const allocated = sum(input.allocations.map((allocation) => allocation.amount));
  if (compare(allocated, input.amount) !== 0) {
    throw new InvalidInputError(`allocations: they add up to ${allocated}, not the receipt's amount ${normalize(input.amount)}.`);
  }
  const ids = input.allocations.map((allocation) => allocation.invoice_id);
  const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (repeated >= 0) throw new InvalidInputError(`allocations.${repeated}.invoice_id: the invoice is named twice.`);

  const head = await tx.maybeOne(sql.type(z.object({ currency: z.string(), receivedOn: z.string() }))`
    SELECT currency, coalesce(${input.received_on ?? null}::date, current_date)::text AS "receivedOn"
    FROM customers WHERE id = ${input.customer_id}`);
  if (!head) throw new NotFoundError(`No customer has the id ${input.customer_id}.`);
  const invoices = await tx.any(sql.type(lockedInvoice)`
    SELECT id, invoice_number AS number, customer_id AS "customerId", status, (grand_total - amount_paid - amount_credited)::text AS open
    FROM tax_invoices WHERE id = ANY(${sql.array(ids, "uuid")}) ORDER BY id FOR UPDATE`);
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  for (const [index, allocation] of input.allocations.entries()) {
    const invoice = byId.get(allocation.invoice_id);
    if (!invoice || invoice.customerId !== input.customer_id) {
      throw new NotFoundError(`allocations.${index}.invoice_id: the customer has no invoice ${allocation.invoice_id}.`);
    }
    if (invoice.status === "void") throw new ConflictError(`Invoice ${invoice.number} is void and cannot be paid.`);
    if (compare(allocation.amount, invoice.open) > 0) {
      throw new ConflictError(
        `Invoice ${invoice.number} has only ${invoice.open} open; ${normalize(allocation.amount)} cannot be allocated to it.`,
      );
    }
  }

  const receiptId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO payment_receipts (receipt_number, customer_id, tax_invoice_id, amount, currency, received_at, method, status, reference)
    VALUES (${provisionalNumber}, ${input.customer_id}, ${input.allocations.length === 1 ? (ids[0] ?? null) : null}::uuid,
      ${input.amount}::numeric, ${head.currency}, ${head.receivedOn}::date + localtime, ${input.method ?? "bank_transfer"}, 'cleared',
      ${input.reference ?? null})
    RETURNING id`);
  const settled = await tx.any(sql.type(z.object({ id: z.uuid(), status: z.string(), amountPaid: z.string() }))`
    WITH input AS (
      SELECT * FROM ${sql.unnest(
        input.allocations.map((allocation) => [allocation.invoice_id, allocation.amount]),
        ["uuid", "numeric"],
      )} AS a(invoice_id, amount)
    ), allocations AS (
      INSERT INTO receipt_allocations (payment_receipt_id, tax_invoice_id, amount, currency)
      SELECT ${receiptId}, invoice_id, amount, ${head.currency} FROM input
    )
    UPDATE tax_invoices ti SET amount_paid = ti.amount_paid + input.amount,
      status = CASE WHEN ti.amount_paid + input.amount + ti.amount_credited = ti.grand_total THEN 'paid' ELSE 'partially_paid' END,
      updated_at = now()
    FROM input WHERE ti.id = input.invoice_id
    RETURNING ti.id, ti.status, ti.amount_paid::text AS "amountPaid"`);
  const receipt = await loadReceipt(tx, receiptId);

  // Last: the receipt's gapless number, taken in its posting's statement with the audit rows that name it.
  const audits = auditWithNumber(actor, [
    {
      action: "create",
      entity: "payment_receipts",
      entityId: receiptId,
      after: { ...receipt, journal_entry_id: undefined },
      numberField: "receipt_number",
    },
    ...[...settled]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((invoice) => ({
        action: "pay",
        entity: "tax_invoices",
        entityId: invoice.id,
        before: { status: byId.get(invoice.id)?.status },
        after: { status: invoice.status, amount_paid: invoice.amountPaid, receipt: null },
        numberField: "receipt",
      })),
  ]);
  const entry = await postEntry(
    tx,
    {
      date: head.receivedOn,
      journal: "BANK",
      description: "Receipt {number}",
      reference: input.reference ?? "{number}",
      source: { type: "payment_receipt", id: receiptId },
      lines: [
        { account: "bank", debit: input.amount },
        { account: "receivable", credit: input.amount, customerId: input.customer_id },
      ],
    },
    actor,
    {
      document: {
        series: "receipt",
        table: "payment_receipts",
        column: "receipt_number",
        entryColumn: "journal_entry_id",
        id: receiptId,
        alongside: [audits],
      },
    },
  );
  return { ...receipt, receipt_number: entry.documentNumber ?? receipt.receipt_number, journal_entry_id: entry.id };
}

export async function loadReceipt(tx: TenantQueries, receiptId: string): Promise<ReceiptWithAllocations> {
  const [receipt, allocations] = await Promise.all([
    tx.maybeOne(sql.type(paymentReceiptsRow)`SELECT ${paymentReceiptsColumns} FROM payment_receipts WHERE id = ${receiptId}`),
    tx.any(sql.type(receiptAllocationsRow)`
      SELECT ${receiptAllocationsColumns} FROM receipt_allocations WHERE payment_receipt_id = ${receiptId} ORDER BY tax_invoice_id`),
  ]);
  if (!receipt) throw new NotFoundError(`No receipt has the id ${receiptId}.`);
  return { ...receipt, allocations: [...allocations] };
}
