import { NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";

export const unmatchedLedgerRow = z.object({
  id: z.uuid(),
  journal_entry_id: z.uuid(),
  entry_number: z.string(),
  entry_date: z.iso.date(),
  /** Debit minus credit on the bank's ledger account: + money in, - money out, as statement lines. */
  amount: z.string(),
  reference: z.string().nullable(),
  description: z.string(),
  source_type: z.string().nullable(),
});
export type UnmatchedLedgerRow = z.infer<typeof unmatchedLedgerRow>;

/**
 * The ledger rows on the bank account's ledger account that no statement line is matched to yet,
 * oldest first (keyset by ledger row id): what a person picks from to match a line by hand.
 */
export async function listUnmatchedLedger(
  tx: TenantQueries,
  input: { bank_account_id: string; cursor?: string | undefined; limit: number },
): Promise<{ items: UnmatchedLedgerRow[]; nextCursor: string | null }> {
  const accountId = await tx.maybeOneFirst(sql.type(z.object({ account_id: z.uuid() }))`
    SELECT account_id FROM bank_accounts WHERE id = ${input.bank_account_id}`);
  if (!accountId) throw new NotFoundError(`No bank account has the id ${input.bank_account_id}.`);
  const rows = await tx.any(sql.type(unmatchedLedgerRow)`
    SELECT gl.id, e.id AS journal_entry_id, e.entry_number, gl.entry_date::text AS entry_date, (gl.debit - gl.credit)::text AS amount,
      e.reference, e.description, e.source_type
    FROM general_ledger gl JOIN journal_entries e ON e.id = gl.journal_entry_id
    WHERE gl.account_id = ${accountId} AND (${input.cursor ?? null}::uuid IS NULL OR gl.id > ${input.cursor ?? null}::uuid)
      AND NOT EXISTS (SELECT FROM bank_transaction_matches m WHERE m.general_ledger_id = gl.id)
    ORDER BY gl.id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items: [...items], nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
