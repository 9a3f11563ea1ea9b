import { leaveBalancesRow, leavesRow, leavesStatus } from "@erp/db-types";
import { hr } from "@erp/erp";
import { sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, decimal, id, page, pageOf, text } from "../../validation/fields.ts";

const year = z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1900).max(9999);

const decide = (action: hr.LeaveAction, summary: string) =>
  moduleProcedure("hr", "write")
    .meta({ summary, errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"] })
    .input(z.object({ id }))
    .output(leavesRow)
    .mutation(({ ctx, input }) => hr.decideLeave(ctx.tx, { id: input.id, action }, ctx.actor));

export const leavesRouter = router({
  submit: moduleProcedure("hr", "write")
    .meta({
      summary:
        "Requests leave for an employee (calendar days, start to end inclusive, within one year); a paid type needs its balance to cover the days.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ employee_id: id, leave_type_id: id, start_date: date, end_date: date, reason: text(2000).optional() }))
    .output(leavesRow)
    .mutation(({ ctx, input }) => hr.submitLeave(ctx.tx, input, ctx.actor)),

  approve: decide(
    "approve",
    "Approves a requested leave, signed by the signed-in user's employee (not their own leave); the database draws paid days on the balance and refuses overlaps (CONFLICT) or a balance gone negative (BAD_REQUEST).",
  ),
  reject: decide("reject", "Rejects a requested leave, signed by the signed-in user's employee."),
  cancel: decide("cancel", "Cancels a requested or approved leave; an approved paid leave's days go back to the balance."),

  get: moduleProcedure("hr")
    .meta({ summary: "One leave.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(leavesRow)
    .query(({ ctx, input }) => hr.loadLeave(ctx.tx, input.id)),

  list: moduleProcedure("hr")
    .meta({ summary: "Leaves, oldest first; by employee and status." })
    .input(z.object({ ...page, employee_id: id.optional(), status: leavesStatus.optional() }))
    .output(pageOf(leavesRow))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.tx.any(sql.type(leavesRow)`
        SELECT * FROM leaves
        WHERE (${input.cursor ?? null}::uuid IS NULL OR id > ${input.cursor ?? null})
          AND (${input.employee_id ?? null}::uuid IS NULL OR employee_id = ${input.employee_id ?? null})
          AND (${input.status ?? null}::text IS NULL OR status = ${input.status ?? null})
        ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),
});

export const leaveBalancesRouter = router({
  accrue: moduleProcedure("hr", "write")
    .meta({
      summary: "Accrues leave days for an employee, type and year: an accrual row, and the balance's entitled grows by its days.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        employee_id: id,
        leave_type_id: id,
        year,
        days: decimal.refine((value) => Number(value) > 0 && Number(value) <= 366, { error: "must be more than 0 and at most 366" }),
        reason: text(200).optional(),
      }),
    )
    .output(leaveBalancesRow)
    .mutation(({ ctx, input }) => hr.accrueLeave(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("hr")
    .meta({ summary: "Leave balances (entitled, carried forward, taken), oldest first; by employee and year." })
    .input(z.object({ ...page, employee_id: id.optional(), year: year.optional() }))
    .output(pageOf(leaveBalancesRow))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.tx.any(sql.type(leaveBalancesRow)`
        SELECT * FROM leave_balances
        WHERE (${input.cursor ?? null}::uuid IS NULL OR id > ${input.cursor ?? null})
          AND (${input.employee_id ?? null}::uuid IS NULL OR employee_id = ${input.employee_id ?? null})
          AND (${input.year ?? null}::integer IS NULL OR year = ${input.year ?? null})
        ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),
});
