import { NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";

export const bankBalances = z.object({
  bank_account_id: z.uuid(),
  opening_balance: z.string(),
  /** Opening balance plus every imported statement line: what the bank says the account holds. */
  statement_balance: z.string(),
  /** Opening balance plus the matched lines: the part of the statement the books account for. */
  reconciled_balance: z.string(),
  /** Opening balance plus the ledger rows matched to lines: equals reconciled_balance (an invariant). */
  reconciled_ledger_balance: z.string(),
  unreconciled_lines: z.object({ count: z.number(), total: z.string() }),
  /** The ledger account's balance (debits minus credits), and its rows not matched to any line. */
  ledger_balance: z.string(),
  unmatched_ledger: z.object({ count: z.number(), total: z.string() }),
  /** The closing balance of the latest statement that gave one. */
  last_statement_closing_balance: z.string().nullable(),
});
export type BankBalances = z.infer<typeof bankBalances>;

const row = z.object({
  openingBalance: z.string(),
  statementBalance: z.string(),
  reconciledBalance: z.string(),
  reconciledLedgerBalance: z.string(),
  unreconciledCount: z.number(),
  unreconciledTotal: z.string(),
  ledgerBalance: z.string(),
  unmatchedCount: z.number(),
  unmatchedTotal: z.string(),
  lastClosing: z.string().nullable(),
});

/** The bank account's reconciled and unreconciled balances, from the statement side and the ledger side. */
export async function loadBankBalances(tx: TenantQueries, bankAccountId: string): Promise<BankBalances> {
  const found = await tx.maybeOne(sql.type(row)`
    SELECT ba.opening_balance::text AS "openingBalance",
      (ba.opening_balance + coalesce(lines.total, 0))::text AS "statementBalance",
      (ba.opening_balance + coalesce(lines.matched, 0))::text AS "reconciledBalance",
      (ba.opening_balance + coalesce((SELECT sum(gl.debit - gl.credit) FROM bank_transaction_matches m
        JOIN bank_transactions bt ON bt.id = m.bank_transaction_id JOIN general_ledger gl ON gl.id = m.general_ledger_id
        WHERE bt.bank_account_id = ba.id), 0))::text AS "reconciledLedgerBalance",
      coalesce(lines.open_count, 0)::integer AS "unreconciledCount", coalesce(lines.open_total, 0)::numeric(18,4)::text AS "unreconciledTotal",
      a.ledger_balance::text AS "ledgerBalance",
      coalesce(ledger.count, 0)::integer AS "unmatchedCount", coalesce(ledger.total, 0)::numeric(18,4)::text AS "unmatchedTotal",
      (SELECT closing_balance::text FROM bank_statements s WHERE s.bank_account_id = ba.id AND closing_balance IS NOT NULL
        ORDER BY s.id DESC LIMIT 1) AS "lastClosing"
    FROM bank_accounts ba
    JOIN chart_of_accounts a ON a.id = ba.account_id
    LEFT JOIN LATERAL (
      SELECT sum(amount) AS total, sum(amount) FILTER (WHERE status IN ('matched', 'reconciled')) AS matched,
        count(*) FILTER (WHERE status = 'unreconciled') AS open_count, sum(amount) FILTER (WHERE status = 'unreconciled') AS open_total
      FROM bank_transactions WHERE bank_account_id = ba.id
    ) lines ON true
    LEFT JOIN LATERAL (
      SELECT count(*) AS count, sum(gl.debit - gl.credit) AS total FROM general_ledger gl
      WHERE gl.account_id = ba.account_id AND NOT EXISTS (SELECT FROM bank_transaction_matches m WHERE m.general_ledger_id = gl.id)
    ) ledger ON true
    WHERE ba.id = ${bankAccountId}`);
  if (!found) throw new NotFoundError(`No bank account has the id ${bankAccountId}.`);
  return {
    bank_account_id: bankAccountId,
    opening_balance: found.openingBalance,
    statement_balance: found.statementBalance,
    reconciled_balance: found.reconciledBalance,
    reconciled_ledger_balance: found.reconciledLedgerBalance,
    unreconciled_lines: { count: found.unreconciledCount, total: found.unreconciledTotal },
    ledger_balance: found.ledgerBalance,
    unmatched_ledger: { count: found.unmatchedCount, total: found.unmatchedTotal },
    last_statement_closing_balance: found.lastClosing,
  };
}
