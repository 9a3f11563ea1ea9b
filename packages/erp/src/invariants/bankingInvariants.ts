import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/**
 * Banking: statement lines and their matches to the ledger. The reconciled bank balance (opening
 * balance plus matched lines) equals the ledger's balance of the matched rows, and each statement
 * that states a closing balance closes at the opening balance plus the lines imported up to it.
 */
export const bankingInvariants: Invariant[] = [
  {
    module: "finance",
    name: "matched bank lines equal their ledger rows, unmatched lines have none",
    subjects: "bank statement lines",
    query: (t) => sql.fragment`
      SELECT bt.id::text AS subject,
        CASE WHEN bt.status IN ('matched', 'reconciled')
          THEN count(m.id) > 0 AND coalesce(sum(gl.debit - gl.credit), 0) = bt.amount
            AND bool_and(m.amount = gl.debit - gl.credit AND gl.account_id = ba.account_id AND m.journal_entry_id = gl.journal_entry_id)
          ELSE count(m.id) = 0 END AS ok,
        format('bank line %s of %s for %s (%s): %s matched ledger rows adding up to %s', bt.id, bt.transaction_date, bt.amount,
          bt.status, count(m.id), coalesce(sum(gl.debit - gl.credit), 0)) AS detail
      FROM ${t("bank_transactions")} bt
      JOIN ${t("bank_accounts")} ba ON ba.id = bt.bank_account_id
      LEFT JOIN ${t("bank_transaction_matches")} m ON m.bank_transaction_id = bt.id
      LEFT JOIN ${t("general_ledger")} gl ON gl.id = m.general_ledger_id
      GROUP BY bt.id, ba.id`,
  },
  {
    module: "finance",
    name: "reconciled bank balance equals the ledger balance of the matched entries",
    subjects: "bank accounts",
    query: (t) => sql.fragment`
      SELECT ba.name AS subject,
        ba.opening_balance + coalesce(lines.matched, 0) = ba.opening_balance + coalesce(ledger.matched, 0) AS ok,
        format('%s: opening %s + matched lines %s, opening + matched ledger rows %s', ba.name, ba.opening_balance,
          coalesce(lines.matched, 0), ba.opening_balance + coalesce(ledger.matched, 0)) AS detail
      FROM ${t("bank_accounts")} ba
      LEFT JOIN LATERAL (
        SELECT sum(amount) AS matched FROM ${t("bank_transactions")}
        WHERE bank_account_id = ba.id AND status IN ('matched', 'reconciled')
      ) lines ON true
      LEFT JOIN LATERAL (
        SELECT sum(gl.debit - gl.credit) AS matched
        FROM ${t("bank_transaction_matches")} m
        JOIN ${t("bank_transactions")} bt ON bt.id = m.bank_transaction_id
        JOIN ${t("general_ledger")} gl ON gl.id = m.general_ledger_id
        WHERE bt.bank_account_id = ba.id AND gl.account_id = ba.account_id
      ) ledger ON true`,
  },
  {
    module: "finance",
    name: "bank statements close at the opening balance plus the lines imported up to them",
    subjects: "bank statements",
    query: (t) => sql.fragment`
      SELECT s.id::text AS subject,
        s.closing_balance = ba.opening_balance + coalesce(lines.total, 0)
          AND s.new_line_count = (SELECT count(*) FROM ${t("bank_transactions")} own WHERE own.bank_statement_id = s.id) AS ok,
        format('statement %s of %s (%s to %s): closing balance %s, opening %s + lines up to it %s; %s new lines recorded', s.id, ba.name,
          s.start_date, s.end_date, s.closing_balance, ba.opening_balance, coalesce(lines.total, 0), s.new_line_count) AS detail
      FROM ${t("bank_statements")} s
      JOIN ${t("bank_accounts")} ba ON ba.id = s.bank_account_id
      LEFT JOIN LATERAL (
        SELECT sum(bt.amount) AS total FROM ${t("bank_transactions")} bt
        LEFT JOIN ${t("bank_statements")} o ON o.id = bt.bank_statement_id
        WHERE bt.bank_account_id = ba.id AND (o.id IS NULL OR o.id <= s.id)
      ) lines ON true
      WHERE s.closing_balance IS NOT NULL`,
  },
];
