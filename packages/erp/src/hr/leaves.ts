import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { leaveBalancesRow, leavesRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { employeeOfUser } from "./employeeOfUser.ts";

export type LeaveRow = z.infer<typeof leavesRow>;
export type LeaveBalanceRow = z.infer<typeof leaveBalancesRow>;

export type AccrueLeaveInput = { employee_id: string; leave_type_id: string; year: number; days: string; reason?: string };

/**
 * Earns leave: an accrual row, and the employee's balance of that type and year grows by its days
 * (created at the first accrual). A balance's entitled is always the sum of its accruals.
 */
export async function accrueLeave(tx: TenantQueries, input: AccrueLeaveInput, actor: Actor): Promise<LeaveBalanceRow> {
  await loadEmployee(tx, input.employee_id);
  await loadLeaveType(tx, input.leave_type_id);
  const accrual = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO leave_accruals (employee_id, leave_type_id, year, days, accrued_on, reason)
    VALUES (${input.employee_id}, ${input.leave_type_id}, ${input.year}, ${input.days}, current_date, ${input.reason ?? null})
    RETURNING id`);
  const balance = await tx.one(sql.type(leaveBalancesRow)`
    INSERT INTO leave_balances (employee_id, leave_type_id, year, entitled)
    VALUES (${input.employee_id}, ${input.leave_type_id}, ${input.year}, ${input.days})
    ON CONFLICT (employee_id, leave_type_id, year)
      DO UPDATE SET entitled = leave_balances.entitled + excluded.entitled, updated_at = now()
    RETURNING *`);
  await recordAudit(tx, actor, { action: "accrue", entity: "leave_accruals", entityId: accrual, after: { ...input } });
  return balance;
}

export type SubmitLeaveInput = {
  employee_id: string;
  leave_type_id: string;
  start_date: string;
  end_date: string;
  reason?: string;
};

/**
 * Requests leave (status 'requested'): calendar days from start to end, inclusive, less the
 * company-wide holidays in between (holidays without a country that are not optional). A paid type
 * needs what is left of the balance (entitled + carried forward − taken) to cover it now; the
 * database checks it again when the leave is approved.
 */
export async function submitLeave(tx: TenantQueries, input: SubmitLeaveInput, actor: Actor): Promise<LeaveRow> {
  if (input.end_date < input.start_date) throw new InvalidInputError("end_date must be on or after start_date.");
  if (input.start_date.slice(0, 4) !== input.end_date.slice(0, 4)) {
    throw new InvalidInputError("end_date must lie in the same year as start_date: split a leave at the turn of the year.");
  }
  await loadEmployee(tx, input.employee_id);
  const type = await loadLeaveType(tx, input.leave_type_id);
  if (!type.is_active) throw new InvalidInputError(`leave_type_id: leave type ${type.code} is not active.`);
  // Company-wide holidays (no country, not optional) inside the leave are not leave days.
  const days = await tx.oneFirst(
    sql.type(z.object({ days: z.string() }))`
      SELECT ((${input.end_date}::date - ${input.start_date}::date + 1) - (SELECT count(*) FROM holidays
        WHERE holiday_date BETWEEN ${input.start_date}::date AND ${input.end_date}::date AND country_code IS NULL AND NOT is_optional
      ))::numeric(6,2)::text AS days`,
  );
  if (Number(days) <= 0) throw new InvalidInputError("start_date: the leave falls on holidays only, which are not leave days.");
  if (type.is_paid) {
    const left = await tx.maybeOneFirst(sql.type(z.object({ left: z.string() }))`
      SELECT (entitled + carried_forward - taken)::text AS left FROM leave_balances
      WHERE employee_id = ${input.employee_id} AND leave_type_id = ${input.leave_type_id} AND year = ${Number(input.start_date.slice(0, 4))}`);
    if (left === null || Number(left) < Number(days)) {
      throw new InvalidInputError(
        `The leave needs ${Number(days)} days of ${type.code} but only ${Number(left ?? 0)} are left for ${input.start_date.slice(0, 4)}.`,
      );
    }
  }
  const leave = await tx.one(sql.type(leavesRow)`
    INSERT INTO leaves (employee_id, leave_type_id, start_date, end_date, days, reason)
    VALUES (${input.employee_id}, ${input.leave_type_id}, ${input.start_date}, ${input.end_date}, ${days}, ${input.reason ?? null})
    RETURNING *`);
  await recordAudit(tx, actor, { action: "submit", entity: "leaves", entityId: leave.id, after: leave });
  return leave;
}

export type LeaveAction = "approve" | "reject" | "cancel";

/** From which statuses each decision may be taken, and where it leads. */
export const leaveTransitions: Record<LeaveAction, { from: readonly string[]; to: "approved" | "rejected" | "cancelled" }> = {
  approve: { from: ["requested"], to: "approved" },
  reject: { from: ["requested"], to: "rejected" },
  cancel: { from: ["requested", "approved"], to: "cancelled" },
};

/**
 * Approves, rejects or cancels a leave. Approving and rejecting are signed by the employee linked
 * to the signed-in user, who may not decide their own leave. The database draws an approved
 * paid leave's days on the balance (and refuses one beyond it) and refuses an approved leave
 * overlapping another; cancelling an approved leave gives its days back.
 */
export async function decideLeave(tx: TenantQueries, input: { id: string; action: LeaveAction }, actor: Actor): Promise<LeaveRow> {
  const before = await tx.maybeOne(sql.type(leavesRow)`SELECT * FROM leaves WHERE id = ${input.id} FOR UPDATE`);
  if (!before) throw new NotFoundError(`No leave has the id ${input.id}.`);
  const transition = leaveTransitions[input.action];
  if (!transition.from.includes(before.status)) {
    throw new ConflictError(
      `The leave is ${before.status}: it cannot be ${transition.to} (only a ${transition.from.join(" or ")} leave can).`,
    );
  }
  let decidedBy: string | null = null;
  if (input.action !== "cancel") {
    decidedBy = await employeeOfUser(tx, actor);
    if (!decidedBy) throw new InvalidInputError("Your user is not linked to an employee: only an employee can approve or reject leave.");
    if (decidedBy === before.employee_id) throw new InvalidInputError("An employee cannot approve or reject their own leave.");
  }
  const after = await tx.one(sql.type(leavesRow)`
    UPDATE leaves SET status = ${transition.to}, approved_by = coalesce(${decidedBy}::uuid, approved_by),
      decided_at = CASE WHEN ${input.action} = 'cancel' THEN decided_at ELSE now() END, updated_at = now()
    WHERE id = ${input.id} RETURNING *`);
  await recordAudit(tx, actor, {
    action: input.action,
    entity: "leaves",
    entityId: input.id,
    before: { status: before.status },
    after: { status: after.status, approved_by: after.approved_by },
  });
  return after;
}

export async function loadLeave(tx: TenantQueries, id: string): Promise<LeaveRow> {
  const leave = await tx.maybeOne(sql.type(leavesRow)`SELECT * FROM leaves WHERE id = ${id}`);
  if (!leave) throw new NotFoundError(`No leave has the id ${id}.`);
  return leave;
}

async function loadEmployee(tx: TenantQueries, id: string): Promise<void> {
  const found = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM employees WHERE id = ${id}`);
  if (!found) throw new NotFoundError(`No employee has the id ${id}.`);
}

async function loadLeaveType(tx: TenantQueries, id: string) {
  const type = await tx.maybeOne(sql.type(z.object({ code: z.string(), is_paid: z.boolean(), is_active: z.boolean() }))`
    SELECT code, is_paid, is_active FROM leave_types WHERE id = ${id}`);
  if (!type) throw new NotFoundError(`No leave type has the id ${id}.`);
  return type;
}
