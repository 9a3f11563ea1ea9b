import { NotFoundError, type TenantQueries } from "@erp/db";
import { taxInvoiceItemsColumns, taxInvoiceItemsRow, taxInvoicesColumns, taxInvoicesRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** An invoice with its lines, as every sales.invoices procedure answers. */
export const invoiceWithLines = taxInvoicesRow.extend({ lines: z.array(taxInvoiceItemsRow) });
export type InvoiceWithLines = z.infer<typeof invoiceWithLines>;

/** The invoice and its lines (by line number); NotFoundError when the tenant has no such invoice. */
export async function loadInvoice(tx: TenantQueries, invoiceId: string): Promise<InvoiceWithLines> {
  const [invoice, lines] = await Promise.all([
    tx.maybeOne(sql.type(taxInvoicesRow)`SELECT ${taxInvoicesColumns} FROM tax_invoices WHERE id = ${invoiceId}`),
    tx.any(sql.type(taxInvoiceItemsRow)`
      SELECT ${taxInvoiceItemsColumns} FROM tax_invoice_items WHERE tax_invoice_id = ${invoiceId} ORDER BY line_number`),
  ]);
  if (!invoice) throw new NotFoundError(`No invoice has the id ${invoiceId}.`);
  return { ...invoice, lines: [...lines] };
}

export type InvoiceFilter = {
  customer_id?: string | undefined;
  status?: z.infer<typeof taxInvoicesRow>["status"] | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Invoices oldest first (uuidv7 ids), without lines, one page past the cursor. */
export async function listInvoices(
  tx: TenantQueries,
  filter: InvoiceFilter,
): Promise<{ items: z.infer<typeof taxInvoicesRow>[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.customer_id) conditions.push(sql.fragment`customer_id = ${filter.customer_id}`);
  if (filter.status) conditions.push(sql.fragment`status = ${filter.status}`);
  const rows = await tx.any(sql.type(taxInvoicesRow)`
    SELECT ${taxInvoicesColumns} FROM tax_invoices WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
