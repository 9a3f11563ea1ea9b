import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

export const financeInvariants: Invariant[] = [
  {
    module: "finance",
    name: "journal entries balance",
    subjects: "journal entries",
    query: (t) => sql.fragment`
      SELECT e.entry_number AS subject, count(l.id) >= 2 AND sum(l.debit) = sum(l.credit) AS ok,
        format('%s: debits %s, credits %s over %s lines', e.entry_number, sum(l.debit), sum(l.credit), count(l.id)) AS detail
      FROM ${t("journal_entries")} e LEFT JOIN ${t("journal_lines")} l ON l.journal_entry_id = e.id
      GROUP BY e.id`,
  },
  {
    module: "finance",
    name: "general ledger matches the posted journal lines",
    subjects: "ledger lines",
    query: (t) => sql.fragment`
      SELECT coalesce(l.id, gl.journal_line_id)::text AS subject,
        l.id IS NOT NULL AND gl.id IS NOT NULL AND gl.account_id = l.account_id
          AND gl.debit = round(l.debit * l.exchange_rate, 4) AND gl.credit = round(l.credit * l.exchange_rate, 4)
          AND gl.journal_entry_id = l.journal_entry_id AND gl.entry_date = e.entry_date AND gl.fiscal_period_id = e.fiscal_period_id AS ok,
        CASE WHEN gl.id IS NULL THEN format('%s line %s is posted but not in the ledger', e.entry_number, l.line_number)
          WHEN l.id IS NULL THEN format('ledger row %s has no posted journal line', gl.id)
          ELSE format('%s line %s: journal %s/%s, ledger %s/%s', e.entry_number, l.line_number, l.debit, l.credit, gl.debit, gl.credit) END AS detail
      FROM (
        SELECT jl.* FROM ${t("journal_lines")} jl JOIN ${t("journal_entries")} je ON je.id = jl.journal_entry_id WHERE je.status <> 'draft'
      ) l
      FULL JOIN ${t("general_ledger")} gl ON gl.journal_line_id = l.id
      LEFT JOIN ${t("journal_entries")} e ON e.id = coalesce(l.journal_entry_id, gl.journal_entry_id)`,
  },
  {
    module: "finance",
    name: "ledger running balances follow the postings",
    subjects: "ledger lines",
    query: (t) => sql.fragment`
      SELECT entry_number || '/' || line_number AS subject, running_balance = expected AS ok,
        format('%s line %s: running balance %s, postings sum to %s', entry_number, line_number, running_balance, expected) AS detail
      FROM (
        SELECT e.entry_number, l.line_number, gl.running_balance,
          sum(gl.debit - gl.credit) OVER (PARTITION BY gl.account_id ORDER BY gl.posted_at, e.entry_number, l.line_number) AS expected
        FROM ${t("general_ledger")} gl
        JOIN ${t("journal_entries")} e ON e.id = gl.journal_entry_id
        JOIN ${t("journal_lines")} l ON l.id = gl.journal_line_id
      ) ledger`,
  },
  {
    module: "finance",
    name: "the trial balance balances",
    subjects: "ledgers",
    query: (t) => sql.fragment`
      SELECT 'general ledger' AS subject, coalesce(sum(debit), 0) = coalesce(sum(credit), 0) AS ok,
        format('debits %s, credits %s', coalesce(sum(debit), 0), coalesce(sum(credit), 0)) AS detail
      FROM ${t("general_ledger")}`,
  },
  {
    module: "finance",
    name: "account balances equal their ledger rows",
    subjects: "accounts",
    query: (t) => sql.fragment`
      SELECT a.code AS subject, a.ledger_balance = coalesce(l.balance, 0) AS ok,
        format('%s %s: ledger_balance %s, ledger rows sum to %s', a.code, a.name, a.ledger_balance, coalesce(l.balance, 0)) AS detail
      FROM ${t("chart_of_accounts")} a
      LEFT JOIN (SELECT account_id, sum(debit - credit) AS balance FROM ${t("general_ledger")} GROUP BY account_id) l ON l.account_id = a.id`,
  },
  {
    module: "finance",
    name: "entries fall in their fiscal period",
    subjects: "journal entries",
    query: (t) => sql.fragment`
      SELECT e.entry_number AS subject, e.entry_date BETWEEN p.start_date AND p.end_date AS ok,
        format('%s dated %s is in period %s (%s to %s)', e.entry_number, e.entry_date, p.name, p.start_date, p.end_date) AS detail
      FROM ${t("journal_entries")} e JOIN ${t("fiscal_periods")} p ON p.id = e.fiscal_period_id`,
  },
  {
    module: "finance",
    name: "payables in the ledger equal the open vendor invoices",
    subjects: "control account totals",
    query: (t) => sql.fragment`
      SELECT 'accounts payable' AS subject, ledger.balance = open_invoices.balance AS ok,
        format('payable accounts %s, open vendor invoices %s', ledger.balance, open_invoices.balance) AS detail
      FROM (
        SELECT coalesce(sum(gl.credit - gl.debit), 0) AS balance
        FROM ${t("general_ledger")} gl JOIN ${t("chart_of_accounts")} a ON a.id = gl.account_id WHERE a.account_subtype = 'payable'
      ) ledger,
      (SELECT coalesce(sum(grand_total - amount_paid - amount_credited), 0) AS balance FROM ${t("vendor_invoices")} WHERE status NOT IN ('draft', 'cancelled')) open_invoices`,
  },
];
