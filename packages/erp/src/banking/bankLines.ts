import { ConflictError, NotFoundError, type TenantQueries } from "@erp/db";
import { bankTransactionMatchesColumns, bankTransactionMatchesRow, bankTransactionsColumns, bankTransactionsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";

export const bankLineWithMatches = bankTransactionsRow.extend({ matches: z.array(bankTransactionMatchesRow) });
export type BankLineWithMatches = z.infer<typeof bankLineWithMatches>;

/** A statement line with what it is matched to. */
export async function loadBankLine(tx: TenantQueries, lineId: string): Promise<BankLineWithMatches> {
  const [line, matches] = await Promise.all([
    tx.maybeOne(sql.type(bankTransactionsRow)`SELECT ${bankTransactionsColumns} FROM bank_transactions WHERE id = ${lineId}`),
    tx.any(sql.type(bankTransactionMatchesRow)`
      SELECT ${bankTransactionMatchesColumns} FROM bank_transaction_matches WHERE bank_transaction_id = ${lineId} ORDER BY id`),
  ]);
  if (!line) throw new NotFoundError(`No bank statement line has the id ${lineId}.`);
  return { ...line, matches: [...matches] };
}

const lockedLine = z.object({
  id: z.uuid(),
  bankAccountId: z.uuid(),
  ledgerAccountId: z.uuid(),
  date: z.string(),
  amount: z.string(),
  status: z.string(),
  description: z.string().nullable(),
  reference: z.string().nullable(),
});
export type LockedLine = z.infer<typeof lockedLine>;

/** The line, locked for the rest of the transaction, with its bank account's ledger account. */
export async function lockLine(tx: TenantQueries, lineId: string): Promise<LockedLine> {
  const line = await tx.maybeOne(sql.type(lockedLine)`
    SELECT bt.id, bt.bank_account_id AS "bankAccountId", ba.account_id AS "ledgerAccountId", bt.transaction_date::text AS date,
      bt.amount::text AS amount, bt.status, bt.description, bt.reference
    FROM bank_transactions bt JOIN bank_accounts ba ON ba.id = bt.bank_account_id
    WHERE bt.id = ${lineId} FOR UPDATE OF bt`);
  if (!line) throw new NotFoundError(`No bank statement line has the id ${lineId}.`);
  return line;
}

/** Refuses a line that is already matched (or set aside): it must be unmatched first. */
export function requireUnmatched(line: LockedLine): void {
  if (line.status !== "unreconciled") {
    throw new ConflictError(`The bank line of ${line.date} for ${line.amount} is already ${line.status}: unmatch it first.`);
  }
}
