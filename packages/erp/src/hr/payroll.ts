import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { payrollItemsRow, payrollRow, payrollRunsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { postEntry } from "../books/postEntry.ts";
import { employeeOfUser } from "./employeeOfUser.ts";

export const payslipWithItems = payrollRow.extend({ items: z.array(payrollItemsRow) });
export type PayslipWithItems = z.infer<typeof payslipWithItems>;
export const payrollRunWithPayslips = payrollRunsRow.extend({ payslips: z.array(payslipWithItems) });
export type PayrollRunWithPayslips = z.infer<typeof payrollRunWithPayslips>;

const payable = z.object({
  employeeId: z.uuid(),
  salaryId: z.uuid(),
  baseSalary: z.string(),
  currency: z.string(),
  periodDays: z.number(),
  paidDays: z.number(),
  unpaidLeaveDays: z.number(),
  absentDays: z.number(),
  components: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(["earning", "deduction"]),
      amount: z.string().nullable(),
      percent: z.string().nullable(),
    }),
  ),
});

type Line = {
  kind: "earning" | "deduction";
  componentId: string | null;
  description: string;
  quantity: string | null;
  rate: string | null;
  cents: bigint;
};

const cents = (amount: string): bigint => {
  const [whole = "0", fraction = ""] = amount.split(".");
  const hundredths = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  // Amounts are kept to the cent: a third decimal rounds half up.
  return Number(fraction.slice(2, 3) || "0") >= 5 ? hundredths + 1n : hundredths;
};
const money = (value: bigint): string => `${value / 100n}.${(value % 100n).toString().padStart(2, "0")}`;
/** round(a × numerator / denominator) to the cent, half up, for non-negative values. */
const share = (value: bigint, numerator: bigint, denominator: bigint): bigint =>
  (value * numerator * 2n + denominator) / (denominator * 2n);
const percentOf = (value: bigint, percent: string): bigint => share(value, BigInt(Math.round(Number(percent) * 10_000)), 1_000_000n);

/**
 * The payslip of one employee for a period, from their salary and its structure:
 * basic = base salary × paid days / days of the period (paid days: days employed in the period
 * less approved unpaid leave and recorded absences not covered by leave); each earning component
 * adds its amount or a percentage of basic; gross is their sum; each deduction component takes
 * its amount or a percentage of gross; net = gross − deductions.
 */
function payslipLines(employee: z.infer<typeof payable>): Line[] {
  const base = cents(employee.baseSalary);
  const basic = share(base, BigInt(employee.paidDays), BigInt(employee.periodDays));
  const lines: Line[] = [
    {
      kind: "earning",
      componentId: null,
      description: `Basic pay, ${employee.paidDays} of ${employee.periodDays} days`,
      quantity: String(employee.paidDays),
      rate: money(share(base, 1n, BigInt(employee.periodDays))),
      cents: basic,
    },
  ];
  for (const component of employee.components.filter((row) => row.kind === "earning")) {
    const amount = component.amount !== null ? cents(component.amount) : percentOf(basic, component.percent ?? "0");
    lines.push({
      kind: "earning",
      componentId: component.id,
      description: component.name,
      quantity: null,
      rate: component.percent,
      cents: amount,
    });
  }
  const gross = lines.reduce((total, line) => total + line.cents, 0n);
  for (const component of employee.components.filter((row) => row.kind === "deduction")) {
    const amount = component.amount !== null ? cents(component.amount) : percentOf(gross, component.percent ?? "0");
    lines.push({
      kind: "deduction",
      componentId: component.id,
      description: component.name,
      quantity: null,
      rate: component.percent,
      cents: amount,
    });
  }
  return lines;
}

export type RunPayrollInput = { year: number; month: number; pay_date?: string };

/**
 * Runs the payroll of one calendar month: a draft run with a payslip (and its earning and
 * deduction lines) for every employee employed in the month who has a salary then. A period is
 * paid once: a second run of a month that has a run (not cancelled) is refused, and the database
 * refuses overlapping runs too. Nothing posts until the run is approved.
 */
export async function runPayroll(tx: TenantQueries, input: RunPayrollInput, actor: Actor): Promise<PayrollRunWithPayslips> {
  const period = await tx.one(sql.type(z.object({ start: z.string(), end: z.string(), days: z.number(), label: z.string() }))`
    SELECT make_date(${input.year}, ${input.month}, 1)::text AS start,
      (make_date(${input.year}, ${input.month}, 1) + interval '1 month' - interval '1 day')::date::text AS end,
      extract(day FROM make_date(${input.year}, ${input.month}, 1) + interval '1 month' - interval '1 day')::integer AS days,
      to_char(make_date(${input.year}, ${input.month}, 1), 'YYYY-MM') AS label`);
  // Runs of one tenant are made one at a time, so the check below sees every other run.
  await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.payroll_runs'))`);
  const existing = await tx.maybeOne(sql.type(z.object({ run_number: z.string(), status: z.string() }))`
    SELECT run_number, status FROM payroll_runs
    WHERE status <> 'cancelled' AND daterange(period_start, period_end, '[]') && daterange(${period.start}::date, ${period.end}::date, '[]')`);
  if (existing) {
    throw new ConflictError(
      `The payroll of ${period.label} has already been run (${existing.run_number}, ${existing.status}): a period is paid once${
        existing.status === "draft" ? "; cancel that run to run the period again" : ""
      }.`,
    );
  }
  if (input.pay_date && input.pay_date < period.start) throw new InvalidInputError("pay_date must not be before the start of the period.");
  const employees = await tx.any(sql.type(payable)`
    WITH employed AS (
      SELECT e.id, s.id AS salary_id, s.base_salary, s.currency, s.salary_structure_id,
        greatest(e.hire_date, ${period.start}::date) AS from_day, least(coalesce(e.termination_date, ${period.end}::date), ${period.end}::date) AS to_day
      FROM employees e
      JOIN LATERAL (
        SELECT * FROM employee_salaries s WHERE s.employee_id = e.id AND s.effective_from <= ${period.end}::date
          AND (s.effective_to IS NULL OR s.effective_to >= ${period.start}::date)
        ORDER BY s.effective_from DESC LIMIT 1) s ON true
      WHERE e.hire_date <= ${period.end}::date AND (e.termination_date IS NULL OR e.termination_date >= ${period.start}::date)
    ), counted AS (
      SELECT m.*, (m.to_day - m.from_day + 1) AS employed_days,
        (SELECT count(DISTINCT day) FROM leaves l JOIN leave_types t ON t.id = l.leave_type_id AND NOT t.is_paid
          CROSS JOIN generate_series(greatest(l.start_date, m.from_day), least(l.end_date, m.to_day), interval '1 day') AS day
          WHERE l.employee_id = m.id AND l.status = 'approved')::integer AS unpaid_leave_days,
        (SELECT count(*) FROM attendance a WHERE a.employee_id = m.id AND a.status = 'absent' AND a.work_date BETWEEN m.from_day AND m.to_day
          AND NOT EXISTS (SELECT 1 FROM leaves l WHERE l.employee_id = m.id AND l.status = 'approved'
            AND a.work_date BETWEEN l.start_date AND l.end_date))::integer AS absent_days
      FROM employed m
    )
    SELECT c.id AS "employeeId", c.salary_id AS "salaryId", c.base_salary::text AS "baseSalary", c.currency,
      ${period.days}::integer AS "periodDays", greatest(c.employed_days - c.unpaid_leave_days - c.absent_days, 0)::integer AS "paidDays",
      c.unpaid_leave_days AS "unpaidLeaveDays", c.absent_days AS "absentDays",
      coalesce((SELECT json_agg(json_build_object('id', sc.id, 'name', sc.name, 'kind', sc.kind,
          'amount', ssc.amount::text, 'percent', ssc.percent::text) ORDER BY ssc.sort_order, sc.code)
        FROM salary_structure_components ssc JOIN salary_components sc ON sc.id = ssc.salary_component_id AND sc.is_active
        WHERE ssc.salary_structure_id = c.salary_structure_id), '[]') AS components
    FROM counted c ORDER BY c.id`);
  const slips = employees.map((employee) => {
    const lines = payslipLines(employee);
    const gross = lines.filter((line) => line.kind === "earning").reduce((total, line) => total + line.cents, 0n);
    const deductions = lines.filter((line) => line.kind === "deduction").reduce((total, line) => total + line.cents, 0n);
    if (deductions > gross) {
      throw new InvalidInputError(
        `The deductions of employee ${employee.employeeId} (${money(deductions)}) exceed their gross pay (${money(gross)}) for ${period.label}: check their salary structure.`,
      );
    }
    return { employee, lines, gross, deductions };
  });
  const count = await tx.oneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT count(*)::integer AS count FROM payroll_runs WHERE period_start = ${period.start}::date`);
  const runNumber = `PR-${period.label}${count > 0 ? `-${count + 1}` : ""}`;
  const totalGross = slips.reduce((total, slip) => total + slip.gross, 0n);
  const totalNet = slips.reduce((total, slip) => total + slip.gross - slip.deductions, 0n);
  const runId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO payroll_runs (run_number, period_start, period_end, pay_date, status, total_gross, total_net)
    VALUES (${runNumber}, ${period.start}, ${period.end}, ${input.pay_date ?? period.end}, 'draft', ${money(totalGross)}, ${money(totalNet)})
    RETURNING id`);
  if (slips.length > 0) {
    await tx.query(sql.unsafe`
      WITH slips AS (
        SELECT * FROM jsonb_to_recordset(${sql.jsonb(
          slips.map((slip) => ({
            employee_id: slip.employee.employeeId,
            employee_salary_id: slip.employee.salaryId,
            worked_days: slip.employee.paidDays,
            gross_pay: money(slip.gross),
            deductions: money(slip.deductions),
            currency: slip.employee.currency,
            lines: slip.lines.map((line) => ({
              salary_component_id: line.componentId,
              kind: line.kind,
              description: line.description,
              quantity: line.quantity,
              rate: line.rate,
              amount: money(line.cents),
            })),
          })),
        )}) AS s(employee_id uuid, employee_salary_id uuid, worked_days numeric, gross_pay numeric, deductions numeric, currency text, lines jsonb)
      ), inserted AS (
        INSERT INTO payroll (payroll_run_id, employee_id, employee_salary_id, worked_days, gross_pay, deductions, net_pay, currency)
        SELECT ${runId}, employee_id, employee_salary_id, worked_days, gross_pay, deductions, gross_pay - deductions, currency FROM slips
        RETURNING id, employee_id, currency
      )
      INSERT INTO payroll_items (payroll_id, salary_component_id, kind, description, quantity, rate, amount, currency)
      SELECT i.id, l.salary_component_id, l.kind, l.description, l.quantity, l.rate, l.amount, i.currency
      FROM inserted i JOIN slips s ON s.employee_id = i.employee_id
      CROSS JOIN LATERAL jsonb_to_recordset(s.lines) AS l(salary_component_id uuid, kind text, description text, quantity numeric, rate numeric, amount numeric)`);
  }
  const run = await loadPayrollRun(tx, runId);
  await recordAudit(tx, actor, {
    action: "run",
    entity: "payroll_runs",
    entityId: runId,
    after: { run_number: run.run_number, total_gross: run.total_gross, total_net: run.total_net, payslips: run.payslips.length },
  });
  return run;
}

/**
 * Approves a draft run: it posts one balanced entry (Dr salary expense = Σ gross; Cr payroll
 * deductions payable = Σ deductions; Cr salaries payable = Σ net) dated the period's last day,
 * and from then on the database refuses any change to the run and its payslips.
 */
export async function approvePayrollRun(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<PayrollRunWithPayslips> {
  const run = await lockRun(tx, input.id);
  if (run.status !== "draft") throw new ConflictError(`Payroll run ${run.run_number} is ${run.status}: only a draft run can be approved.`);
  const totals = await tx.one(sql.type(z.object({ gross: z.string(), deductions: z.string(), net: z.string(), count: z.number() }))`
    SELECT coalesce(sum(gross_pay), 0)::text AS gross, coalesce(sum(deductions), 0)::text AS deductions,
      coalesce(sum(net_pay), 0)::text AS net, count(*)::integer AS count
    FROM payroll WHERE payroll_run_id = ${input.id}`);
  if (Number(totals.gross) === 0)
    throw new InvalidInputError(`Payroll run ${run.run_number} pays nothing: there is nothing to approve; cancel it.`);
  const approver = await employeeOfUser(tx, actor);
  // Posted last: the journal's number series and the accounts' ledger rows stay locked until commit.
  const entry = await postEntry(
    tx,
    {
      date: run.period_end,
      journal: "GEN",
      description: `Payroll ${run.run_number} (${run.period_start} to ${run.period_end})`,
      reference: run.run_number,
      source: { type: "payroll_run", id: input.id },
      lines: [
        { account: "salary_expense", debit: totals.gross, description: "Gross pay" },
        { account: "payroll_deductions_payable", credit: totals.deductions, description: "Deductions withheld" },
        { account: "salaries_payable", credit: totals.net, description: "Net pay owed" },
      ],
    },
    actor,
  );
  await tx.query(sql.unsafe`
    UPDATE payroll_runs SET status = 'approved', approved_by = ${approver}, journal_entry_id = ${entry.id},
      fiscal_period_id = (SELECT fiscal_period_id FROM journal_entries WHERE id = ${entry.id}), updated_at = now()
    WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "approve",
    entity: "payroll_runs",
    entityId: input.id,
    before: { status: run.status },
    after: { status: "approved", journal_entry: entry.entryNumber },
  });
  return loadPayrollRun(tx, input.id);
}

/** Cancels a draft run (nothing was posted); its period may then be run again. */
export async function cancelPayrollRun(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<PayrollRunWithPayslips> {
  const run = await lockRun(tx, input.id);
  if (run.status !== "draft") throw new ConflictError(`Payroll run ${run.run_number} is ${run.status}: only a draft run can be cancelled.`);
  await tx.query(sql.unsafe`UPDATE payroll_runs SET status = 'cancelled', updated_at = now() WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "cancel",
    entity: "payroll_runs",
    entityId: input.id,
    before: { status: run.status },
    after: { status: "cancelled" },
  });
  return loadPayrollRun(tx, input.id);
}

async function lockRun(tx: TenantQueries, id: string) {
  const run = await tx.maybeOne(sql.type(payrollRunsRow)`SELECT * FROM payroll_runs WHERE id = ${id} FOR UPDATE`);
  if (!run) throw new NotFoundError(`No payroll run has the id ${id}.`);
  return run;
}

export async function loadPayrollRun(tx: TenantQueries, id: string): Promise<PayrollRunWithPayslips> {
  const run = await tx.maybeOne(sql.type(payrollRunsRow)`SELECT * FROM payroll_runs WHERE id = ${id}`);
  if (!run) throw new NotFoundError(`No payroll run has the id ${id}.`);
  return { ...run, payslips: await payslipsWhere(tx, sql.fragment`p.payroll_run_id = ${id}`) };
}

async function payslipsWhere(tx: TenantQueries, condition: ReturnType<typeof sql.fragment>): Promise<PayslipWithItems[]> {
  const slips = await tx.any(sql.type(payrollRow)`SELECT p.* FROM payroll p WHERE ${condition} ORDER BY p.id`);
  if (slips.length === 0) return [];
  const items = await tx.any(sql.type(payrollItemsRow)`
    SELECT * FROM payroll_items WHERE payroll_id = ANY(${sql.array(
      slips.map((slip) => slip.id),
      "uuid",
    )}) ORDER BY payroll_id, kind DESC, id`);
  return slips.map((slip) => ({ ...slip, items: items.filter((item) => item.payroll_id === slip.id) }));
}

/** Who reads payslips: the signed-in user, and whether their roles grant reading everyone's (hr.payroll). */
export type PayslipReader = { userId: string | null; readsAll: boolean };

/**
 * One payslip with its lines. Payslips are private: a user reads those of the employee linked to
 * them; only holders of hr.payroll read anyone's. Another employee's payslip answers as if it did
 * not exist (NOT_FOUND), so its existence does not leak either.
 */
export async function loadPayslip(tx: TenantQueries, id: string, reader: PayslipReader): Promise<PayslipWithItems> {
  const [slip] = await payslipsWhere(
    tx,
    reader.readsAll
      ? sql.fragment`p.id = ${id}`
      : sql.fragment`p.id = ${id} AND p.employee_id = (SELECT e.id FROM employees e WHERE e.user_id = ${reader.userId})`,
  );
  if (!slip) throw new NotFoundError(`No payslip of yours has the id ${id}.`);
  return slip;
}

/** The signed-in user's own payslips (of their linked employee), newest run first, at most 100. */
export async function listMyPayslips(tx: TenantQueries, userId: string | null): Promise<PayslipWithItems[]> {
  return payslipsWhere(
    tx,
    sql.fragment`p.employee_id = (SELECT e.id FROM employees e WHERE e.user_id = ${userId})
      AND p.id IN (SELECT x.id FROM payroll x JOIN payroll_runs r ON r.id = x.payroll_run_id ORDER BY r.period_start DESC LIMIT 100)`,
  );
}
