import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

export const hrInvariants: Invariant[] = [
  {
    module: "hr",
    name: "salaries lie within their position's band",
    subjects: "salaries",
    query: (t) => sql.fragment`
      SELECT e.employee_number AS subject,
        p.id IS NULL OR s.base_salary BETWEEN coalesce(p.min_salary, 0) AND coalesce(p.max_salary, s.base_salary) AS ok,
        format('%s earns %s, band %s–%s', e.employee_number, s.base_salary, p.min_salary, p.max_salary) AS detail
      FROM ${t("employee_salaries")} s
      JOIN ${t("employees")} e ON e.id = s.employee_id
      LEFT JOIN ${t("positions")} p ON p.id = e.position_id`,
  },
  {
    module: "hr",
    name: "departments form a tree and managers a hierarchy (no cycles)",
    subjects: "departments and employees",
    query: (t) => sql.fragment`
      WITH RECURSIVE up(kind, start_id, cur, depth, looped) AS (
        SELECT 'department', id, parent_id, 1, false FROM ${t("departments")} WHERE parent_id IS NOT NULL
        UNION ALL
        SELECT 'employee', id, manager_id, 1, false FROM ${t("employees")} WHERE manager_id IS NOT NULL
        UNION ALL
        SELECT up.kind, up.start_id, next.parent, up.depth + 1, next.parent = up.start_id
        FROM up
        JOIN LATERAL (
          SELECT parent_id AS parent FROM ${t("departments")} WHERE up.kind = 'department' AND id = up.cur
          UNION ALL SELECT manager_id FROM ${t("employees")} WHERE up.kind = 'employee' AND id = up.cur
        ) next ON next.parent IS NOT NULL
        -- a chain longer than the table would be a loop elsewhere, found from one of its own rows
        WHERE NOT up.looped AND up.depth < 10000
      )
      SELECT kind || ' ' || start_id AS subject, NOT bool_or(looped) AS ok,
        format('%s %s is its own ancestor', kind, start_id) AS detail
      FROM up GROUP BY kind, start_id`,
  },
  {
    module: "hr",
    name: "leave balances: entitled = Σ accruals, taken = Σ approved paid leave days of the year",
    subjects: "leave balances",
    query: (t) => sql.fragment`
      SELECT b.id::text AS subject,
        b.entitled = coalesce(a.days, 0) AND b.taken = coalesce(l.days, 0) AND b.taken <= b.entitled + b.carried_forward AS ok,
        format('balance %s: entitled %s vs accrued %s, taken %s vs approved %s', b.id, b.entitled, coalesce(a.days, 0), b.taken, coalesce(l.days, 0)) AS detail
      FROM ${t("leave_balances")} b
      LEFT JOIN LATERAL (SELECT sum(days) AS days FROM ${t("leave_accruals")} x
        WHERE x.employee_id = b.employee_id AND x.leave_type_id = b.leave_type_id AND x.year = b.year) a ON true
      LEFT JOIN LATERAL (SELECT sum(days) AS days FROM ${t("leaves")} x
        WHERE x.employee_id = b.employee_id AND x.leave_type_id = b.leave_type_id AND x.status = 'approved'
          AND date_part('year', x.start_date) = b.year) l ON true`,
  },
  {
    module: "hr",
    name: "approved paid leave draws on a balance",
    subjects: "approved leaves",
    query: (t) => sql.fragment`
      SELECT l.id::text AS subject, b.id IS NOT NULL AS ok, format('leave %s has no balance for its year', l.id) AS detail
      FROM ${t("leaves")} l JOIN ${t("leave_types")} lt ON lt.id = l.leave_type_id AND lt.is_paid
      LEFT JOIN ${t("leave_balances")} b ON b.employee_id = l.employee_id AND b.leave_type_id = l.leave_type_id
        AND b.year = date_part('year', l.start_date)
      WHERE l.status = 'approved'`,
  },
  {
    module: "hr",
    name: "no overlapping approved leaves or attendance per employee",
    subjects: "leaves and attendance",
    query: (t) => sql.fragment`
      SELECT 'leave ' || a.id AS subject, false AS ok, format('leaves %s and %s overlap', a.id, b.id) AS detail
      FROM ${t("leaves")} a JOIN ${t("leaves")} b ON b.employee_id = a.employee_id AND b.id > a.id
        AND daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]')
      WHERE a.status = 'approved' AND b.status = 'approved'
      UNION ALL
      SELECT 'attendance ' || a.id, false, format('attendance %s and %s overlap', a.id, b.id)
      FROM ${t("attendance")} a JOIN ${t("attendance")} b ON b.employee_id = a.employee_id AND b.id > a.id
        AND tstzrange(a.check_in, a.check_out) && tstzrange(b.check_in, b.check_out)
      WHERE a.check_in IS NOT NULL AND a.check_out IS NOT NULL AND b.check_in IS NOT NULL AND b.check_out IS NOT NULL
      UNION ALL
      SELECT 'all', true, ''`,
  },
  {
    module: "hr",
    name: "payslips: gross = Σ earnings, deductions = Σ deduction lines",
    subjects: "payslips",
    query: (t) => sql.fragment`
      SELECT p.id::text AS subject,
        p.gross_pay = coalesce(sum(i.amount) FILTER (WHERE i.kind = 'earning'), 0)
          AND p.deductions = coalesce(sum(i.amount) FILTER (WHERE i.kind = 'deduction'), 0) AS ok,
        format('payslip %s: gross %s, deductions %s, lines %s / %s', p.id, p.gross_pay, p.deductions,
          coalesce(sum(i.amount) FILTER (WHERE i.kind = 'earning'), 0), coalesce(sum(i.amount) FILTER (WHERE i.kind = 'deduction'), 0)) AS detail
      FROM ${t("payroll")} p LEFT JOIN ${t("payroll_items")} i ON i.payroll_id = p.id
      GROUP BY p.id`,
  },
  {
    module: "hr",
    name: "payroll runs: totals = Σ payslips; an approved run's entry = Σ payslips (Dr salary expense, Cr deductions and net payable)",
    subjects: "payroll runs",
    query: (t) => sql.fragment`
      SELECT r.run_number AS subject,
        r.total_gross = s.gross AND r.total_net = s.net
          AND (r.status NOT IN ('approved', 'paid') OR (
            e.status = 'posted' AND e.source_type = 'payroll_run' AND e.source_id = r.id
            AND j.expense_debit = s.gross AND j.deductions_credit = s.deductions AND j.net_credit = s.net
            AND j.debit = j.credit AND j.debit = s.gross)) AS ok,
        format('run %s (%s): totals %s/%s, payslips %s/%s/%s, entry Dr expense %s, Cr deductions %s, Cr net %s',
          r.run_number, r.status, r.total_gross, r.total_net, s.gross, s.deductions, s.net,
          j.expense_debit, j.deductions_credit, j.net_credit) AS detail
      FROM ${t("payroll_runs")} r
      CROSS JOIN LATERAL (SELECT coalesce(sum(gross_pay), 0) AS gross, coalesce(sum(deductions), 0) AS deductions,
        coalesce(sum(net_pay), 0) AS net FROM ${t("payroll")} WHERE payroll_run_id = r.id) s
      LEFT JOIN ${t("journal_entries")} e ON e.id = r.journal_entry_id
      LEFT JOIN LATERAL (
        SELECT coalesce(sum(l.debit) FILTER (WHERE pa.purpose = 'salary_expense'), 0) AS expense_debit,
          coalesce(sum(l.credit) FILTER (WHERE pa.purpose = 'payroll_deductions_payable'), 0) AS deductions_credit,
          coalesce(sum(l.credit) FILTER (WHERE pa.purpose = 'salaries_payable'), 0) AS net_credit,
          coalesce(sum(l.debit), 0) AS debit, coalesce(sum(l.credit), 0) AS credit
        FROM ${t("journal_lines")} l LEFT JOIN ${t("posting_accounts")} pa ON pa.account_id = l.account_id
        WHERE l.journal_entry_id = e.id) j ON true
      WHERE r.status <> 'cancelled'`,
  },
  {
    module: "hr",
    name: "payroll runs are paid once: a paid run's payment entry debits salaries payable and credits the bank by its net; no other run has one",
    subjects: "payroll runs",
    query: (t) => sql.fragment`
      SELECT r.run_number AS subject,
        CASE WHEN r.status = 'paid' AND r.total_net <> 0
          THEN e.status = 'posted' AND e.source_type = 'payroll_payment' AND e.source_id = r.id AND entries.count = 1
            AND j.payable_debit = r.total_net AND j.credit = r.total_net AND j.debit = r.total_net
          ELSE r.payment_journal_entry_id IS NULL AND entries.count = 0 END AS ok,
        format('run %s (%s, net %s): payment entries %s, Dr salaries payable %s, credits %s', r.run_number, r.status, r.total_net,
          entries.count, j.payable_debit, j.credit) AS detail
      FROM ${t("payroll_runs")} r
      LEFT JOIN ${t("journal_entries")} e ON e.id = r.payment_journal_entry_id
      CROSS JOIN LATERAL (SELECT count(*) AS count FROM ${t("journal_entries")} x
        WHERE x.source_type = 'payroll_payment' AND x.source_id = r.id) entries
      LEFT JOIN LATERAL (
        SELECT coalesce(sum(l.debit) FILTER (WHERE pa.purpose = 'salaries_payable'), 0) AS payable_debit,
          coalesce(sum(l.debit), 0) AS debit, coalesce(sum(l.credit), 0) AS credit
        FROM ${t("journal_lines")} l LEFT JOIN ${t("posting_accounts")} pa ON pa.account_id = l.account_id
        WHERE l.journal_entry_id = e.id) j ON true`,
  },
];
