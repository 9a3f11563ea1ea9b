import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { vendorPaymentAllocationsColumns, vendorPaymentAllocationsRow, vendorPaymentsColumns, vendorPaymentsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { nextNumber } from "../books/nextNumber.ts";
import { postEntry } from "../books/postEntry.ts";
import { compare, normalize, sum } from "../sales/billing/money.ts";

export type VendorPaymentMethod = z.infer<typeof vendorPaymentsRow>["method"];

export type CreateVendorPaymentInput = {
  vendor_id: string;
  amount: string;
  /** YYYY-MM-DD; today when left out. */
  paid_on?: string | undefined;
  method?: VendorPaymentMethod | undefined;
  reference?: string | null | undefined;
  /** Where the money goes: the allocations add up to the amount exactly. */
  allocations: readonly { bill_id: string; amount: string }[];
};

export const vendorPaymentWithAllocations = vendorPaymentsRow.extend({ allocations: z.array(vendorPaymentAllocationsRow) });
export type VendorPaymentWithAllocations = z.infer<typeof vendorPaymentWithAllocations>;

const lockedBill = z.object({ id: z.uuid(), number: z.string(), vendorId: z.uuid(), status: z.string(), open: z.string() });

/**
 * Money paid to a vendor, allocated to their approved bills (in part or in full). The bills are
 * locked in id order, so concurrent payments queue without deadlock and the later one re-reads
 * what is open (CONFLICT when the first took it). Each allocation row raises its bill's
 * amount_paid through the database's trigger, so the bill's CHECK refuses over-allocation
 * whoever writes it; the bill moves approved → partially_paid → paid. Posting (bank journal,
 * dated paid_on): Dr payables (tagged with the vendor) / Cr bank.
 */
export async function createVendorPayment(
  tx: TenantQueries,
  input: CreateVendorPaymentInput,
  actor: Actor,
): Promise<VendorPaymentWithAllocations> {
  if (input.allocations.length === 0) throw new InvalidInputError("allocations: a payment must be allocated to at least one bill.");
  const allocated = sum(input.allocations.map((allocation) => allocation.amount));
  if (compare(allocated, input.amount) !== 0) {
    throw new InvalidInputError(`allocations: they add up to ${allocated}, not the payment's amount ${normalize(input.amount)}.`);
  }
  const ids = input.allocations.map((allocation) => allocation.bill_id);
  const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (repeated >= 0) throw new InvalidInputError(`allocations.${repeated}.bill_id: the bill is named twice.`);
  const head = await tx.maybeOne(sql.type(z.object({ currency: z.string(), paidOn: z.string() }))`
    SELECT currency, coalesce(${input.paid_on ?? null}::date, current_date)::text AS "paidOn" FROM vendors WHERE id = ${input.vendor_id}`);
  if (!head) throw new NotFoundError(`No vendor has the id ${input.vendor_id}.`);
  const bills = await tx.any(sql.type(lockedBill)`
    SELECT id, invoice_number AS number, vendor_id AS "vendorId", status, (grand_total - amount_paid - amount_credited)::text AS open
    FROM vendor_invoices WHERE id = ANY(${sql.array(ids, "uuid")}) ORDER BY id FOR UPDATE`);
  const byId = new Map(bills.map((bill) => [bill.id, bill]));
  for (const [index, allocation] of input.allocations.entries()) {
    const bill = byId.get(allocation.bill_id);
    if (!bill || bill.vendorId !== input.vendor_id) {
      throw new NotFoundError(`allocations.${index}.bill_id: the vendor has no bill ${allocation.bill_id}.`);
    }
    if (bill.status !== "approved" && bill.status !== "partially_paid") {
      throw new ConflictError(`Vendor bill ${bill.number} is ${bill.status}: only an approved bill with money open can be paid.`);
    }
    if (compare(allocation.amount, bill.open) > 0) {
      throw new ConflictError(
        `Vendor bill ${bill.number} has only ${bill.open} open; ${normalize(allocation.amount)} cannot be allocated to it.`,
      );
    }
  }

  const number = await nextNumber(tx, "payment");
  const paymentId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO vendor_payments (payment_number, vendor_id, created_by, amount, currency, paid_at, method, status, reference)
    VALUES (${number}, ${input.vendor_id}, ${actor.userId}::uuid, ${input.amount}::numeric, ${head.currency},
      ${head.paidOn}::date + localtime, ${input.method ?? "bank_transfer"}, 'completed', ${input.reference ?? null})
    RETURNING id`);
  // The trigger on vendor_payment_allocations raises each bill's amount_paid and status.
  await tx.query(sql.unsafe`
    INSERT INTO vendor_payment_allocations (vendor_payment_id, vendor_invoice_id, amount, currency)
    SELECT ${paymentId}, bill_id, amount, ${head.currency}
    FROM ${sql.unnest(
      input.allocations.map((allocation) => [allocation.bill_id, allocation.amount]),
      ["uuid", "numeric"],
    )} AS a(bill_id, amount)`);
  await postEntry(
    tx,
    {
      date: head.paidOn,
      journal: "BANK",
      description: `Vendor payment ${number}`,
      reference: input.reference ?? number,
      source: { type: "vendor_payment", id: paymentId },
      lines: [
        { account: "payable", debit: input.amount, vendorId: input.vendor_id },
        { account: "bank", credit: input.amount },
      ],
    },
    actor,
  );
  const payment = await loadVendorPayment(tx, paymentId);
  await recordAudit(tx, actor, { action: "create", entity: "vendor_payments", entityId: paymentId, after: payment });
  const settled = await tx.any(sql.type(z.object({ id: z.uuid(), status: z.string(), amountPaid: z.string() }))`
    SELECT id, status, amount_paid::text AS "amountPaid" FROM vendor_invoices WHERE id = ANY(${sql.array(ids, "uuid")}) ORDER BY id`);
  for (const bill of settled) {
    await recordAudit(tx, actor, {
      action: "pay",
      entity: "vendor_invoices",
      entityId: bill.id,
      before: { status: byId.get(bill.id)?.status },
      after: { status: bill.status, amount_paid: bill.amountPaid, payment: number },
    });
  }
  return payment;
}

export async function loadVendorPayment(tx: TenantQueries, paymentId: string): Promise<VendorPaymentWithAllocations> {
  const [payment, allocations] = await Promise.all([
    tx.maybeOne(sql.type(vendorPaymentsRow)`SELECT ${vendorPaymentsColumns} FROM vendor_payments WHERE id = ${paymentId}`),
    tx.any(sql.type(vendorPaymentAllocationsRow)`
      SELECT ${vendorPaymentAllocationsColumns} FROM vendor_payment_allocations WHERE vendor_payment_id = ${paymentId} ORDER BY vendor_invoice_id`),
  ]);
  if (!payment) throw new NotFoundError(`No vendor payment has the id ${paymentId}.`);
  return { ...payment, allocations: [...allocations] };
}

export async function listVendorPayments(
  tx: TenantQueries,
  input: { cursor?: string | undefined; limit: number; vendor_id?: string | undefined },
) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.vendor_id) conditions.push(sql.fragment`vendor_id = ${input.vendor_id}`);
  const rows = await tx.any(sql.type(vendorPaymentsRow)`
    SELECT ${vendorPaymentsColumns} FROM vendor_payments WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
