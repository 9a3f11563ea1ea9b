import { type CommonQueryMethods, sql } from "slonik";

/** Where each numbered document type keeps its number. */
const numberedColumns = [
  ["order", "orders", "order_number"],
  ["shipment", "shipments", "shipment_number"],
  ["invoice", "tax_invoices", "invoice_number"],
  ["credit_note", "credit_notes", "credit_note_number"],
  ["receipt", "payment_receipts", "receipt_number"],
  ["journal", "journal_entries", "entry_number"],
  ["payment", "payments", "payment_number"],
  ["purchase_order", "purchase_orders", "po_number"],
  ["goods_receipt", "goods_receipt_notes", "grn_number"],
  ["vendor_bill", "vendor_invoices", "invoice_number"],
  ["stock_count", "stock_counts", "count_number"],
  ["stock_transfer", "stock_transfers", "transfer_number"],
] as const;

/**
 * The demo data numbers its documents in the format of the tenant's default series (prefix and
 * padding, from 1, gapless), so the API's next document must continue after them: each default
 * series' next number moves past the highest number in its format. Numbers in other formats (the
 * `U0007-` numbers of seedAtScale units) cannot collide and are left alone. Never moves a series back.
 */
export async function advanceDocumentSeries(connection: CommonQueryMethods, schemaName: string): Promise<void> {
  for (const [documentType, table, column] of numberedColumns) {
    const number = sql.identifier(["d", column]);
    await connection.query(sql.unsafe`
      UPDATE ${sql.identifier([schemaName, "document_series"])} s
      SET next_number = used.last + 1, updated_at = now()
      FROM (
        SELECT s2.id, max(substring(${number} FROM length(s2.prefix) + 1)::bigint) AS last
        FROM ${sql.identifier([schemaName, "document_series"])} s2
        JOIN ${sql.identifier([schemaName, table])} d
          ON left(${number}, length(s2.prefix)) = s2.prefix
          AND substring(${number} FROM length(s2.prefix) + 1) ~ ('^[0-9]{' || s2.padding || '}$')
        WHERE s2.document_type = ${documentType} AND s2.is_default
        GROUP BY s2.id
      ) used
      WHERE s.id = used.id AND s.next_number <= used.last`);
  }
}
