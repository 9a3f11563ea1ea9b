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
        l.id IS NOT NULL AND gl.id IS NOT NULL AND gl.account_id = l.account_id AND gl.debit = l.debit AND gl.credit = l.credit
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
    name: "entries fall in their fiscal period",
    subjects: "journal entries",
    query: (t) => sql.fragment`
      SELECT e.entry_number AS subject, e.entry_date BETWEEN p.start_date AND p.end_date AS ok,
        format('%s dated %s is in period %s (%s to %s)', e.entry_number, e.entry_date, p.name, p.start_date, p.end_date) AS detail
      FROM ${t("journal_entries")} e JOIN ${t("fiscal_periods")} p ON p.id = e.fiscal_period_id`,
  },
  {
    module: "finance",
    name: "tax invoices bill real, shipped orders in full",
    subjects: "tax invoices",
    query: (t) => sql.fragment`
      SELECT ti.invoice_number AS subject,
        (ti.order_id IS NULL OR (o.id IS NOT NULL AND o.customer_id = ti.customer_id AND o.grand_total = ti.grand_total
          AND o.status IN ('shipped', 'delivered')))
          AND ti.subtotal = coalesce(sum(i.quantity * i.unit_price - i.discount_amount), 0)
          AND ti.tax_total = coalesce(sum(i.tax_amount), 0)
          AND ti.grand_total = coalesce(sum(i.line_total), 0) AS ok,
        format('%s for order %s: grand_total %s, order %s (%s), lines %s', ti.invoice_number, o.order_number, ti.grand_total, o.grand_total, o.status,
          coalesce(sum(i.line_total), 0)) AS detail
      FROM ${t("tax_invoices")} ti
      LEFT JOIN ${t("orders")} o ON o.id = ti.order_id
      LEFT JOIN ${t("tax_invoice_items")} i ON i.tax_invoice_id = ti.id
      GROUP BY ti.id, o.id`,
  },
  {
    module: "finance",
    name: "invoice payments match the receipts",
    subjects: "tax invoices",
    query: (t) => sql.fragment`
      SELECT ti.invoice_number AS subject,
        ti.amount_paid = coalesce(paid.amount, 0) AND (ti.status = 'paid') = (ti.amount_paid = ti.grand_total) AS ok,
        format('%s (%s): amount_paid %s, cleared receipts %s, grand_total %s', ti.invoice_number, ti.status, ti.amount_paid, coalesce(paid.amount, 0), ti.grand_total) AS detail
      FROM ${t("tax_invoices")} ti
      LEFT JOIN (SELECT tax_invoice_id, sum(amount) AS amount FROM ${t("payment_receipts")} WHERE status = 'cleared' GROUP BY tax_invoice_id) paid
        ON paid.tax_invoice_id = ti.id`,
  },
  {
    module: "finance",
    name: "receivables in the ledger equal the open invoices",
    subjects: "control account totals",
    query: (t) => sql.fragment`
      SELECT 'accounts receivable' AS subject, ledger.balance = open_invoices.balance AS ok,
        format('receivable accounts %s, open invoices %s', ledger.balance, open_invoices.balance) AS detail
      FROM (
        SELECT coalesce(sum(gl.debit - gl.credit), 0) AS balance
        FROM ${t("general_ledger")} gl JOIN ${t("chart_of_accounts")} a ON a.id = gl.account_id WHERE a.account_subtype = 'receivable'
      ) ledger,
      (SELECT coalesce(sum(grand_total - amount_paid), 0) AS balance FROM ${t("tax_invoices")} WHERE status NOT IN ('draft', 'void')) open_invoices`,
  },
  {
    module: "finance",
    name: "inventory in the ledger equals the stock on hand at cost",
    subjects: "control account totals",
    query: (t) => sql.fragment`
      SELECT 'inventory' AS subject, ledger.balance = stock.value AS ok,
        format('inventory accounts %s, stock movements at cost %s', ledger.balance, stock.value) AS detail
      FROM (
        SELECT coalesce(sum(gl.debit - gl.credit), 0) AS balance
        FROM ${t("general_ledger")} gl JOIN ${t("chart_of_accounts")} a ON a.id = gl.account_id WHERE a.account_subtype = 'inventory'
      ) ledger,
      (SELECT coalesce(sum(quantity * unit_cost), 0) AS value FROM ${t("stock_movements")}) stock`,
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
      (SELECT coalesce(sum(grand_total - amount_paid), 0) AS balance FROM ${t("vendor_invoices")} WHERE status NOT IN ('draft', 'cancelled')) open_invoices`,
  },
];
