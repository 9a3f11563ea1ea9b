import { NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";

export type StatementInput = {
  customer_id: string;
  /** YYYY-MM-DD, inclusive; from the first posting when left out. */
  from?: string | undefined;
  /** YYYY-MM-DD, inclusive; today when left out. */
  to?: string | undefined;
};

export const statementLine = z.object({
  date: z.iso.date(),
  /** What moved the balance: an invoice, its cancellation, a credit note, a receipt, or a manual journal entry. */
  kind: z.enum(["invoice", "invoice_cancellation", "credit_note", "receipt", "journal"]),
  document_id: z.uuid().nullable(),
  document_number: z.string().nullable(),
  entry_number: z.string(),
  debit: z.string(),
  credit: z.string(),
  balance: z.string(),
});

export const customerStatement = z.object({
  customer_id: z.uuid(),
  from: z.iso.date().nullable(),
  to: z.iso.date(),
  opening_balance: z.string(),
  lines: z.array(statementLine),
  closing_balance: z.string(),
});
export type CustomerStatement = z.infer<typeof customerStatement>;

/**
 * A customer's statement, read from the books rather than the documents: every posting to the
 * receivable account tagged with the customer (journal_lines.customer_id), so it agrees with the
 * ledger by construction. Opening balance = postings before `from`; each line in the range with
 * the running balance (debit − credit) after it; closing balance = opening + the range.
 */
export async function customerStatementOf(tx: TenantQueries, input: StatementInput): Promise<CustomerStatement> {
  const range = await tx.maybeOne(sql.type(z.object({ to: z.string(), opening: z.string() }))`
    SELECT coalesce(${input.to ?? null}::date, current_date)::text AS to,
      coalesce((
        SELECT sum(round((jl.debit - jl.credit) * jl.exchange_rate, 4)) FROM journal_lines jl
        JOIN journal_entries je ON je.id = jl.journal_entry_id
        JOIN posting_accounts pa ON pa.purpose = 'receivable' AND pa.account_id = jl.account_id
        WHERE jl.customer_id = c.id AND je.status <> 'draft' AND je.entry_date < ${input.from ?? null}::date
      ), 0.0000)::text AS opening
    FROM customers c WHERE c.id = ${input.customer_id}`);
  if (!range) throw new NotFoundError(`No customer has the id ${input.customer_id}.`);
  const lines = await tx.any(sql.type(statementLine)`
    WITH postings AS (
      SELECT je.entry_date, je.posted_at, je.entry_number, jl.line_number, je.source_type, je.source_id, je.reversal_of_id,
        round(jl.debit * jl.exchange_rate, 4) AS debit, round(jl.credit * jl.exchange_rate, 4) AS credit
      FROM journal_lines jl
      JOIN journal_entries je ON je.id = jl.journal_entry_id
      JOIN posting_accounts pa ON pa.purpose = 'receivable' AND pa.account_id = jl.account_id
      WHERE jl.customer_id = ${input.customer_id} AND je.status <> 'draft'
        AND (${input.from ?? null}::date IS NULL OR je.entry_date >= ${input.from ?? null}::date) AND je.entry_date <= ${range.to}::date
    )
    SELECT p.entry_date::text AS date,
      CASE p.source_type WHEN 'tax_invoice' THEN CASE WHEN p.reversal_of_id IS NULL THEN 'invoice' ELSE 'invoice_cancellation' END
        WHEN 'credit_note' THEN 'credit_note' WHEN 'payment_receipt' THEN 'receipt' ELSE 'journal' END AS kind,
      p.source_id AS document_id,
      coalesce(ti.invoice_number, cn.credit_note_number, pr.receipt_number) AS document_number,
      p.entry_number, p.debit::text AS debit, p.credit::text AS credit,
      (${range.opening}::numeric + sum(p.debit - p.credit) OVER (ORDER BY p.entry_date, p.posted_at, p.entry_number, p.line_number))::text
        AS balance
    FROM postings p
    LEFT JOIN tax_invoices ti ON p.source_type = 'tax_invoice' AND ti.id = p.source_id
    LEFT JOIN credit_notes cn ON p.source_type = 'credit_note' AND cn.id = p.source_id
    LEFT JOIN payment_receipts pr ON p.source_type = 'payment_receipt' AND pr.id = p.source_id
    ORDER BY p.entry_date, p.posted_at, p.entry_number, p.line_number`);
  return {
    customer_id: input.customer_id,
    from: input.from ?? null,
    to: range.to,
    opening_balance: range.opening,
    lines: [...lines],
    closing_balance: lines.at(-1)?.balance ?? range.opening,
  };
}
