import { ConflictError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { auditWithNumber } from "../../audit/recordAudit.ts";
import { provisionalNumber } from "../../books/numberDocument.ts";
import { postEntry } from "../../books/postEntry.ts";
import { type InvoiceWithLines, loadInvoice } from "./loadInvoice.ts";
import { sum } from "./money.ts";

export type CreateInvoiceInput = {
  order_id: string;
  /** YYYY-MM-DD; today when left out. It must lie in an open fiscal period (the posting's date). */
  invoice_date?: string | undefined;
};

const orderHead = z.object({
  orderNumber: z.string(),
  customerId: z.uuid(),
  billingAddressId: z.uuid().nullable(),
  currency: z.string(),
  shippingTotal: z.string(),
  shippingBilled: z.boolean(),
  invoiceDate: z.string(),
  dueDate: z.string(),
});

const billedLine = z.object({
  orderItemId: z.uuid().nullable(),
  productId: z.uuid().nullable(),
  accountId: z.uuid().nullable(),
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  discount: z.string(),
  taxPercent: z.string(),
  net: z.string(),
  tax: z.string(),
  lineTotal: z.string(),
});
type BilledLine = z.infer<typeof billedLine>;

/**
 * Issues an invoice for what has shipped and is not invoiced yet on each line of the order:
 * net = quantity × unit price less the line's discount pro rata, tax = round(net × rate / 100, 2),
 * and the order's shipping on the first (non-void) invoice of the order as an untaxed line. The
 * order is locked first, so two invoices of one order queue and the second bills only what the
 * first left; order_items.quantity_invoiced ≤ quantity_shipped is a CHECK as well.
 * Posts Dr receivable (tagged with the customer) / Cr revenue, shipping income, tax payable.
 */
export async function createInvoice(tx: TenantQueries, input: CreateInvoiceInput, actor: Actor): Promise<InvoiceWithLines> {
  const order = await tx.maybeOne(sql.type(orderHead)`
    WITH head AS (
      SELECT o.* FROM orders o WHERE o.id = ${input.order_id} FOR UPDATE
    ), dated AS (SELECT coalesce(${input.invoice_date ?? null}::date, current_date) AS invoice_date)
    SELECT head.order_number AS "orderNumber", head.customer_id AS "customerId", head.billing_address_id AS "billingAddressId",
      head.currency, head.shipping_total::text AS "shippingTotal",
      EXISTS (SELECT 1 FROM tax_invoice_items i JOIN tax_invoices ti ON ti.id = i.tax_invoice_id
        WHERE ti.order_id = head.id AND ti.status <> 'void' AND i.order_item_id IS NULL) AS "shippingBilled",
      dated.invoice_date::text AS "invoiceDate", (dated.invoice_date + c.payment_terms_days)::text AS "dueDate"
    FROM head CROSS JOIN dated JOIN customers c ON c.id = head.customer_id`);
  if (!order) throw new NotFoundError(`No order has the id ${input.order_id}.`);

  const lines = [
    ...(await tx.any(sql.type(billedLine)`
    WITH open AS (
      SELECT oi.*, oi.quantity_shipped - oi.quantity_invoiced AS billed, coalesce(tr.rate, 0) AS rate
      FROM order_items oi LEFT JOIN tax_rates tr ON tr.id = oi.tax_rate_id
      WHERE oi.order_id = ${input.order_id} AND oi.quantity_shipped > oi.quantity_invoiced
    ), priced AS (
      SELECT open.*, round(discount_amount * billed / quantity, 4) AS discount,
        round(billed * unit_price - round(discount_amount * billed / quantity, 4), 4) AS net
      FROM open
    )
    SELECT id AS "orderItemId", product_id AS "productId", (SELECT account_id FROM posting_accounts WHERE purpose = 'revenue') AS "accountId",
      name AS description, billed::text AS quantity, unit_price::text AS "unitPrice", discount::text AS discount,
      rate::text AS "taxPercent", net::text AS net, round(net * rate / 100, 2)::text AS tax,
      (net + round(net * rate / 100, 2))::text AS "lineTotal"
    FROM priced ORDER BY position, id`)),
  ];
  if (lines.length === 0) {
    throw new ConflictError(`Order ${order.orderNumber} has nothing shipped that is not invoiced yet.`);
  }
  if (!order.shippingBilled && Number(order.shippingTotal) > 0) lines.push(await shippingLine(tx, order.shippingTotal));

  const subtotal = sum(lines.map((line) => line.net));
  const taxTotal = sum(lines.map((line) => line.tax));
  const grandTotal = sum(lines.map((line) => line.lineTotal));
  const invoiceId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO tax_invoices (invoice_number, order_id, customer_id, billing_address_id, invoice_date, due_date, status, currency,
      subtotal, tax_total, grand_total, issued_at)
    VALUES (${provisionalNumber}, ${input.order_id}, ${order.customerId}, ${order.billingAddressId}, ${order.invoiceDate}::date,
      ${order.dueDate}::date, 'issued', ${order.currency}, ${subtotal}, ${taxTotal}, ${grandTotal}, now())
    RETURNING id`);
  await tx.query(sql.unsafe`
    WITH input AS (
      SELECT * FROM ${sql.unnest(
        lines.map((line, index) => [
          index + 1,
          line.orderItemId,
          line.productId,
          line.accountId,
          line.description,
          line.quantity,
          line.unitPrice,
          line.discount,
          line.taxPercent,
          line.tax,
          line.lineTotal,
        ]),
        ["int4", "uuid", "uuid", "uuid", "text", "numeric", "numeric", "numeric", "numeric", "numeric", "numeric"],
      )} AS l(line_number, order_item_id, product_id, account_id, description, quantity, unit_price, discount, tax_percent, tax, line_total)
    ), items AS (
      INSERT INTO tax_invoice_items (tax_invoice_id, line_number, order_item_id, product_id, revenue_account_id, description, quantity,
        unit_price, discount_amount, tax_percent, tax_amount, line_total, currency)
      SELECT ${invoiceId}, line_number, order_item_id, product_id, account_id, description, quantity, unit_price, discount, tax_percent,
        tax, line_total, ${order.currency} FROM input
    )
    UPDATE order_items oi SET quantity_invoiced = oi.quantity_invoiced + input.quantity, updated_at = now()
    FROM input WHERE oi.id = input.order_item_id`);
  const invoice = await loadInvoice(tx, invoiceId);

  // Last: the invoice's gapless number, taken in its posting's statement with its audit row.
  const productLines = lines.filter((line) => line.orderItemId !== null);
  const entry = await postEntry(
    tx,
    {
      date: order.invoiceDate,
      journal: "SALES",
      description: `Invoice {number} for order ${order.orderNumber}`,
      reference: "{number}",
      source: { type: "tax_invoice", id: invoiceId },
      lines: [
        { account: "receivable", debit: grandTotal, customerId: order.customerId },
        { account: "revenue", credit: sum(productLines.map((line) => line.net)) },
        {
          account: "shipping_income",
          credit: sum(lines.filter((line) => line.orderItemId === null).map((line) => line.net)),
        },
        { account: "tax_payable", credit: taxTotal },
      ],
    },
    actor,
    {
      document: {
        series: "invoice",
        table: "tax_invoices",
        column: "invoice_number",
        entryColumn: "journal_entry_id",
        id: invoiceId,
        alongside: [
          // The entry's id is not known yet here; the invoice row points at it.
          auditWithNumber(actor, [
            {
              action: "issue",
              entity: "tax_invoices",
              entityId: invoiceId,
              after: { ...invoice, journal_entry_id: undefined },
              numberField: "invoice_number",
            },
          ]),
        ],
      },
    },
  );
  return { ...invoice, invoice_number: entry.documentNumber ?? invoice.invoice_number, journal_entry_id: entry.id };
}

/** The order's shipping charge as an invoice line: untaxed, credited to shipping income. */
async function shippingLine(tx: TenantQueries, amount: string): Promise<BilledLine> {
  const accountId = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT account_id AS id FROM posting_accounts WHERE purpose = 'shipping_income'`);
  return {
    orderItemId: null,
    productId: null,
    accountId,
    description: "Shipping",
    quantity: "1",
    unitPrice: amount,
    discount: "0",
    taxPercent: "0",
    net: amount,
    tax: "0",
    lineTotal: amount,
  };
}
