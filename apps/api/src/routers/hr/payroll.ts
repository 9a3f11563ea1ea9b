import { payrollRunsRow, payrollRunsStatus } from "@erp/db-types";
import { hr } from "@erp/erp";
import { sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router, tenantProcedure } from "../../trpc.ts";
import { date, id, page, pageOf } from "../../validation/fields.ts";

/** Running, approving and reading everyone's payroll takes hr.payroll (admins and managers), not only hr.write. */
const payrollRight = () => tenantProcedure.meta({ module: "hr", permission: "hr.payroll" });

export const payrollRunsRouter = router({
  run: payrollRight()
    .meta({
      summary:
        "Runs the payroll of a calendar month: a draft run with a payslip per employee with a salary (basic prorated by paid days, structure earnings and deductions). A month already run answers CONFLICT.",
      errors: ["BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        year: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1900).max(9999),
        month: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1).max(12),
        pay_date: date.optional(),
      }),
    )
    .output(hr.payrollRunWithPayslips)
    .mutation(({ ctx, input }) => hr.runPayroll(ctx.tx, input, ctx.actor)),

  approve: payrollRight()
    .meta({
      summary:
        "Approves a draft run: posts Dr salary expense / Cr payroll deductions payable, salaries payable as one entry; the run and its payslips are frozen from then on.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ id }))
    .output(hr.payrollRunWithPayslips)
    .mutation(({ ctx, input }) => hr.approvePayrollRun(ctx.tx, input, ctx.actor)),

  pay: payrollRight()
    .meta({
      summary:
        "Pays an approved run's net pay out: Dr salaries payable / Cr bank (the bank account's ledger account, or the bank purpose), dated paid_on; the run becomes paid. Once only: a run already paid, or not approved, answers CONFLICT.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ id, paid_on: date.optional(), bank_account_id: id.optional() }))
    .output(hr.payrollRunWithPayslips)
    .mutation(({ ctx, input }) => hr.payPayrollRun(ctx.tx, input, ctx.actor)),

  cancel: payrollRight()
    .meta({ summary: "Cancels a draft run (nothing was posted); its month may be run again.", errors: ["NOT_FOUND", "CONFLICT"] })
    .input(z.object({ id }))
    .output(hr.payrollRunWithPayslips)
    .mutation(({ ctx, input }) => hr.cancelPayrollRun(ctx.tx, input, ctx.actor)),

  get: payrollRight()
    .meta({ summary: "One payroll run with its payslips and their lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(hr.payrollRunWithPayslips)
    .query(({ ctx, input }) => hr.loadPayrollRun(ctx.tx, input.id)),

  list: payrollRight()
    .meta({ summary: "Payroll runs, oldest first, without payslips." })
    .input(z.object({ ...page, status: payrollRunsStatus.optional() }))
    .output(pageOf(payrollRunsRow))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.tx.any(sql.type(payrollRunsRow)`
        SELECT * FROM payroll_runs
        WHERE (${input.cursor ?? null}::uuid IS NULL OR id > ${input.cursor ?? null})
          AND (${input.status ?? null}::text IS NULL OR status = ${input.status ?? null})
        ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),
});

export const payslipsRouter = router({
  get: moduleProcedure("hr")
    .meta({
      summary:
        "One payslip with its lines: your own (the employee linked to your user), or anyone's with hr.payroll; another employee's answers NOT_FOUND.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id }))
    .output(hr.payslipWithItems)
    .query(({ ctx, input }) =>
      hr.loadPayslip(ctx.tx, input.id, { userId: ctx.user.id, readsAll: ctx.user.permissions.includes("hr.payroll") }),
    ),

  mine: moduleProcedure("hr")
    .meta({ summary: "Your own payslips (the employee linked to your user), newest period first, at most 100." })
    .input(z.object({}))
    .output(z.object({ items: z.array(hr.payslipWithItems) }))
    .query(async ({ ctx }) => ({ items: await hr.listMyPayslips(ctx.tx, ctx.user.id) })),
});
