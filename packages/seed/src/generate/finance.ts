import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { UnitContext } from "./context.ts";
import { numbered } from "./keyTag.ts";
import { decimal, percentText, sum } from "./money.ts";
import type { Postings } from "./postings.ts";
import type { Procurement } from "./procurement.ts";
import type { Order, Sales } from "./sales.ts";

type EntryLine = { account: string; debit?: number; credit?: number; customerId?: string; vendorId?: string };
type Entry = {
  at: Date;
  journal: string;
  description: string;
  reference: string | null;
  source: { type: string; id: string } | null;
  lines: EntryLine[];
  /** Set when the entry is numbered and posted: documents store the id of their entry. */
  id?: string;
};

/**
 * The books behind the business: for every shipped order the shipment's cost of goods and a tax
 * invoice (revenue, shipping, tax), receipts (allocated to their invoice) for paid ones, goods receipts into inventory, vendor
 * invoices into payables, and the opening stock as capital. Every entry balances, and every posted line has
 * its general-ledger row (posting times and running balances are set when the batch posts).
 */
export function generateFinance(
  ctx: UnitContext,
  postings: Postings,
  sales: Sales,
  procurement: Procurement | null,
  openingValueCents: number,
): void {
  const { id, data, tag, reference, calendar } = ctx;
  const account = (code: string) => byCode(reference.accounts, code, "account").id;
  const netThirty = byCode(reference.paymentTerms, "NET30", "payment term");
  const bank = reference.bankAccounts[0];
  if (!bank) throw new Error("The tenant has no bank account: its finance reference data is incomplete.");
  const taxCodeOf = new Map(reference.taxCodes.map((code) => [code.tax_rate_id, code.id]));

  const entries: Entry[] = [
    {
      at: calendar.before(80, 6 * 60),
      journal: "GEN",
      description: "Opening stock brought into the books",
      reference: null,
      source: null,
      lines: [
        { account: "1300", debit: openingValueCents },
        { account: "3000", credit: openingValueCents },
      ],
    },
  ];
  const invoiced: { order: Order; invoiceId: string; entry: Entry }[] = [];
  const received: { order: Order; invoiceId: string; receiptId: string; entry: Entry }[] = [];
  for (const order of sales.orders) {
    if (!order.shippedAt || !order.shipmentId) continue;
    // The shipment takes the goods out of inventory at cost; the invoice (same moment) bills them:
    // one entry per document, as the API posts them.
    const costCents = sum(order.lines.map((line) => line.quantity * line.variant.costCents));
    entries.push({
      at: order.shippedAt,
      journal: "INV",
      description: `Shipment for order ${order.number}`,
      reference: order.number,
      source: { type: "shipment", id: order.shipmentId },
      lines: [
        { account: "5000", debit: costCents },
        { account: "1300", credit: costCents },
      ],
    });
    const invoiceId = id();
    const entry: Entry = {
      at: order.shippedAt,
      journal: "SALES",
      description: `Invoice for order ${order.number}`,
      reference: order.number,
      source: { type: "tax_invoice", id: invoiceId },
      lines: [
        { account: "1200", debit: order.grandCents, customerId: order.customer.id },
        { account: "4000", credit: order.subtotalCents - order.discountCents },
        { account: "4100", credit: order.shippingCents },
        { account: "2100", credit: order.taxCents },
      ],
    };
    entries.push(entry);
    invoiced.push({ order, invoiceId, entry });
    if (!order.paidAt) continue;
    const receiptId = id();
    const receipt: Entry = {
      at: order.paidAt,
      journal: "BANK",
      description: `Payment for order ${order.number}`,
      reference: order.number,
      source: { type: "payment_receipt", id: receiptId },
      lines: [
        { account: "1010", debit: order.grandCents },
        { account: "1200", credit: order.grandCents, customerId: order.customer.id },
      ],
    };
    entries.push(receipt);
    received.push({ order, invoiceId, receiptId, entry: receipt });
  }
  // Perpetual inventory: stock enters the books when it is received (against goods received not
  // invoiced), and the vendor's invoice clears that into payables. So the inventory account always
  // equals the stock on hand at cost.
  for (const receipt of procurement?.receipts ?? []) {
    entries.push({
      at: receipt.receivedAt,
      journal: "PURCH",
      description: `Goods received ${receipt.number}`,
      reference: receipt.number,
      source: { type: "goods_receipt_note", id: receipt.id },
      lines: [
        { account: "1300", debit: receipt.valueCents },
        { account: "2050", credit: receipt.valueCents },
      ],
    });
  }
  for (const invoice of procurement?.vendorInvoices ?? []) {
    entries.push({
      at: invoice.invoicedAt,
      journal: "PURCH",
      description: `Vendor invoice ${invoice.number}`,
      reference: invoice.number,
      source: { type: "vendor_invoice", id: invoice.id },
      lines: [
        { account: "2050", debit: invoice.subtotalCents },
        { account: "1400", debit: invoice.taxCents },
        { account: "2000", credit: invoice.grandCents, vendorId: invoice.vendorId },
      ],
    });
  }

  entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const [sequence, entry] of entries.entries()) recordEntry(ctx, postings, entry, numbered(tag, "JE", sequence + 1), account);

  // Invoices and receipts are numbered in the tenant's series formats, consecutively in order of
  // the documents (gapless, like the API's numbers; seedBatch moves the series past them).
  for (const [sequence, { order, invoiceId, entry }] of invoiced.entries()) {
    const shippedAt = order.shippedAt as Date;
    const invoiceDate = Calendar.day(shippedAt);
    data.add("tax_invoices", {
      id: invoiceId,
      invoice_number: numbered(tag, "INV", sequence + 1),
      order_id: order.id,
      customer_id: order.customer.id,
      billing_address_id: order.customer.billingAddressId,
      payment_term_id: netThirty.id,
      journal_entry_id: entry.id ?? null,
      invoice_date: invoiceDate,
      due_date: Calendar.addDays(invoiceDate, netThirty.due_days),
      status: order.paidAt ? "paid" : "issued",
      currency: "USD",
      subtotal: decimal(order.subtotalCents - order.discountCents + order.shippingCents),
      tax_total: decimal(order.taxCents),
      grand_total: decimal(order.grandCents),
      amount_paid: decimal(order.paidAt ? order.grandCents : 0),
      amount_credited: "0",
      issued_at: Calendar.at(shippedAt),
    });
    for (const [index, line] of order.lines.entries()) {
      data.add("tax_invoice_items", {
        id: id(),
        tax_invoice_id: invoiceId,
        line_number: index + 1,
        order_item_id: line.id,
        product_id: line.variant.productId,
        tax_code_id: taxCodeOf.get(line.variant.taxRateId) ?? null,
        revenue_account_id: account("4000"),
        description: line.variant.name,
        quantity: String(line.quantity),
        unit_price: decimal(line.unitCents),
        discount_amount: decimal(line.discountCents),
        tax_percent: percentText(line.variant.taxRate),
        tax_amount: decimal(line.taxCents),
        line_total: decimal(line.totalCents),
        currency: "USD",
      });
    }
    data.add("tax_invoice_items", {
      id: id(),
      tax_invoice_id: invoiceId,
      line_number: order.lines.length + 1,
      revenue_account_id: account("4100"),
      description: "Shipping",
      quantity: "1",
      unit_price: decimal(order.shippingCents),
      discount_amount: "0",
      tax_percent: "0",
      tax_amount: "0",
      line_total: decimal(order.shippingCents),
      currency: "USD",
    });
  }
  for (const [sequence, { order, invoiceId, receiptId, entry }] of received.entries()) {
    data.add("payment_receipts", {
      id: receiptId,
      receipt_number: numbered(tag, "RC", sequence + 1),
      customer_id: order.customer.id,
      tax_invoice_id: invoiceId,
      bank_account_id: bank.id,
      journal_entry_id: entry.id ?? null,
      amount: decimal(order.grandCents),
      currency: "USD",
      received_at: Calendar.at(order.paidAt as Date),
      method: "bank_transfer",
      status: "cleared",
      reference: order.number,
    });
    // The receipt settles its invoice through an allocation, as the API's receipts do.
    data.add("receipt_allocations", {
      id: id(),
      payment_receipt_id: receiptId,
      tax_invoice_id: invoiceId,
      amount: decimal(order.grandCents),
      currency: "USD",
      allocated_at: Calendar.at(order.paidAt as Date),
    });
  }
}

function recordEntry(ctx: UnitContext, postings: Postings, entry: Entry, number: string, account: (code: string) => string): void {
  const { id, data, reference } = ctx;
  const entryDate = Calendar.day(entry.at);
  const period = reference.fiscalPeriods.find((candidate) => candidate.start_date <= entryDate && entryDate <= candidate.end_date);
  if (!period) throw new Error(`No fiscal period covers ${entryDate}: the tenant's fiscal years do not reach the demo history.`);
  entry.id = id();
  const entryRow = data.add("journal_entries", {
    id: entry.id,
    entry_number: number,
    journal_id: byCode(reference.journals, entry.journal, "journal").id,
    fiscal_period_id: period.id,
    entry_date: entryDate,
    description: entry.description,
    reference: entry.reference,
    status: "posted",
    source_type: entry.source?.type ?? null,
    source_id: entry.source?.id ?? null,
  });
  const ledgerLines: Parameters<Postings["add"]>[2] = [];
  for (const [index, line] of entry.lines.entries()) {
    const debitCents = line.debit ?? 0;
    const creditCents = line.credit ?? 0;
    const accountId = account(line.account);
    const lineId = id();
    data.add("journal_lines", {
      id: lineId,
      journal_entry_id: entry.id,
      line_number: index + 1,
      account_id: accountId,
      customer_id: line.customerId ?? null,
      vendor_id: line.vendorId ?? null,
      debit: decimal(debitCents),
      credit: decimal(creditCents),
      currency: "USD",
    });
    const row = data.add("general_ledger", {
      id: id(),
      account_id: accountId,
      journal_entry_id: entry.id,
      journal_line_id: lineId,
      fiscal_period_id: period.id,
      entry_date: entryDate,
      debit: decimal(debitCents),
      credit: decimal(creditCents),
      currency: "USD",
      // NOT NULL: Postings.post sets the real balance once every entry is in date order.
      running_balance: decimal(0),
    });
    ledgerLines.push({ accountId, debitCents, creditCents, row });
  }
  postings.add(entry.at, entryRow, ledgerLines);
}
