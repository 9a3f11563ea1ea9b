import { ConflictError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { nextNumber } from "../books/nextNumber.ts";
import { postEntry } from "../books/postEntry.ts";
import { type InvoiceWithLines, loadInvoice } from "../sales/billing/loadInvoice.ts";
import { sum } from "../sales/billing/money.ts";

const jobLine = z.object({
  kind: z.enum(["labor", "part"]),
  productId: z.uuid().nullable(),
  partId: z.uuid().nullable(),
  description: z.string(),
  quantity: z.string(),
  unitPrice: z.string(),
  taxPercent: z.string(),
  net: z.string(),
  tax: z.string(),
  lineTotal: z.string(),
});

/**
 * Invoices a resolved paid job on the sales ledger: a tax invoice without an order (so receipts,
 * statements, ageing and the receivable invariants treat it like any other invoice), numbered in
 * the invoice series, with one labor line per completed visit (minutes × the technician's hourly
 * rate / 60) and one line per billable part (taxed at the product's rate), mirrored in
 * service_invoices. Posts Dr receivable (the customer) / Cr revenue, tax payable. The sales
 * billing operation (createInvoice) invoices shipped order lines only, and the parts already left
 * stock on the visit, so an order would ship them twice: hence this sibling of it.
 */
export async function invoiceServiceJob(tx: TenantQueries, input: { service_request_id: string }, actor: Actor): Promise<InvoiceWithLines> {
  const job = await tx.maybeOne(sql.type(
    z.object({
      number: z.string(),
      status: z.string(),
      billing: z.string(),
      customerId: z.uuid(),
      invoiced: z.boolean(),
      dueDate: z.string(),
      today: z.string(),
    }),
  )`
    SELECT r.request_number AS number, r.status, r.billing, r.customer_id AS "customerId",
      EXISTS (SELECT 1 FROM service_invoices si WHERE si.service_request_id = r.id AND si.status <> 'void') AS invoiced,
      (current_date + c.payment_terms_days)::text AS "dueDate", current_date::text AS today
    FROM service_requests r JOIN customers c ON c.id = r.customer_id WHERE r.id = ${input.service_request_id} FOR UPDATE OF r`);
  if (!job) throw new NotFoundError(`No service request has the id ${input.service_request_id}.`);
  if (job.billing !== "paid")
    throw new ConflictError(`Service request ${job.number} is covered (${job.billing}): there is nothing to charge.`);
  if (!["resolved", "closed"].includes(job.status))
    throw new ConflictError(`Service request ${job.number} is ${job.status}: a job is invoiced once resolved.`);
  if (job.invoiced) throw new ConflictError(`Service request ${job.number} is already invoiced.`);
  const lines = await tx.any(sql.type(jobLine)`
    WITH labor AS (
      SELECT 'labor' AS kind, NULL::uuid AS product_id, NULL::uuid AS part_id,
        format('Labor, visit %s: %s min at %s/h', v.visit_number, v.labor_minutes, t.hourly_rate) AS description,
        v.labor_minutes::numeric AS quantity, round(t.hourly_rate / 60, 4) AS unit_price, 0::numeric AS rate, v.id AS sort
      FROM service_visits v JOIN technicians t ON t.id = v.technician_id
      WHERE v.service_request_id = ${input.service_request_id} AND v.status = 'completed' AND v.labor_minutes > 0 AND t.hourly_rate > 0
    ), parts AS (
      SELECT 'part', p.product_id, p.id, format('Part %s', pr.name), p.quantity, p.unit_price, coalesce(tr.rate, 0), p.id
      FROM service_parts_used p JOIN service_visits v ON v.id = p.service_visit_id JOIN products pr ON pr.id = p.product_id
      LEFT JOIN tax_rates tr ON tr.id = pr.tax_rate_id AND tr.status = 'active' AND NOT tr.is_inclusive
      WHERE v.service_request_id = ${input.service_request_id} AND p.is_billable AND p.unit_price > 0
    ), priced AS (SELECT *, round(quantity * unit_price, 4) AS net FROM (SELECT * FROM labor UNION ALL SELECT * FROM parts) l)
    SELECT kind, product_id AS "productId", part_id AS "partId", left(description, 500) AS description, quantity::text AS quantity,
      unit_price::text AS "unitPrice", rate::text AS "taxPercent", net::text AS net, round(net * rate / 100, 2)::text AS tax,
      (net + round(net * rate / 100, 2))::text AS "lineTotal"
    FROM priced WHERE net > 0 ORDER BY kind, sort`);
  if (lines.length === 0) throw new ConflictError(`Service request ${job.number} has no labor or billable parts to invoice.`);
  const subtotal = sum(lines.map((line) => line.net));
  const taxTotal = sum(lines.map((line) => line.tax));
  const grandTotal = sum(lines.map((line) => line.lineTotal));
  // Numbered and posted last: the series row and the ledger rows stay locked until commit.
  const invoiceNumber = await nextNumber(tx, "invoice");
  const invoiceId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO tax_invoices (invoice_number, order_id, customer_id, invoice_date, due_date, status, currency, subtotal, tax_total, grand_total,
      issued_at)
    VALUES (${invoiceNumber}, NULL, ${job.customerId}, ${job.today}::date, ${job.dueDate}::date, 'issued', 'USD', ${subtotal}, ${taxTotal},
      ${grandTotal}, now())
    RETURNING id`);
  const rows = lines.map((line, index) => [
    index + 1,
    line.kind,
    line.productId,
    line.partId,
    line.description,
    line.quantity,
    line.unitPrice,
    line.taxPercent,
    line.tax,
    line.lineTotal,
  ]);
  const serviceInvoiceId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    WITH input AS (
      SELECT * FROM ${sql.unnest(rows, ["int4", "text", "uuid", "uuid", "text", "numeric", "numeric", "numeric", "numeric", "numeric"])}
        AS l(line_number, kind, product_id, part_id, description, quantity, unit_price, tax_percent, tax, line_total)
    ), items AS (
      INSERT INTO tax_invoice_items (tax_invoice_id, line_number, product_id, revenue_account_id, description, quantity, unit_price,
        discount_amount, tax_percent, tax_amount, line_total)
      SELECT ${invoiceId}, line_number, product_id, (SELECT account_id FROM posting_accounts WHERE purpose = 'revenue'), description,
        quantity, unit_price, 0, tax_percent, tax, line_total FROM input
    ), head AS (
      INSERT INTO service_invoices (invoice_number, customer_id, service_request_id, tax_invoice_id, status, issued_on, due_on, subtotal,
        tax_amount, total_amount)
      VALUES (${invoiceNumber}, ${job.customerId}, ${input.service_request_id}, ${invoiceId}, 'issued', ${job.today}::date, ${job.dueDate}::date,
        ${subtotal}, ${taxTotal}, ${grandTotal})
      RETURNING id
    ), lines AS (
      INSERT INTO service_invoice_lines (service_invoice_id, line_number, kind, description, product_id, service_parts_used_id, quantity,
        unit_price, amount)
      SELECT head.id, line_number, kind, description, product_id, part_id, quantity, unit_price, line_total FROM input, head
    )
    SELECT id FROM head`);
  const entry = await postEntry(
    tx,
    {
      date: job.today,
      journal: "SALES",
      description: `Invoice ${invoiceNumber} for service request ${job.number}`,
      reference: invoiceNumber,
      source: { type: "tax_invoice", id: invoiceId },
      lines: [
        { account: "receivable", debit: grandTotal, customerId: job.customerId },
        { account: "revenue", credit: subtotal },
        { account: "tax_payable", credit: taxTotal },
      ],
    },
    actor,
  );
  await tx.query(sql.unsafe`
    WITH t AS (UPDATE tax_invoices SET journal_entry_id = ${entry.id} WHERE id = ${invoiceId})
    UPDATE service_invoices SET journal_entry_id = ${entry.id} WHERE id = ${serviceInvoiceId}`);
  const invoice = await loadInvoice(tx, invoiceId);
  await recordAudit(tx, actor, {
    action: "issue",
    entity: "tax_invoices",
    entityId: invoiceId,
    after: { invoice_number: invoiceNumber, service_request: job.number },
  });
  return invoice;
}
