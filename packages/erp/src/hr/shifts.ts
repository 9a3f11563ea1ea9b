import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { shiftAssignmentsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export type ShiftAssignment = z.infer<typeof shiftAssignmentsRow>;

/**
 * Puts an employee on an active shift on a day: the assignment carries the shift's hours that day
 * (into the next day for a shift crossing midnight), so the database refuses an assignment that
 * overlaps another of the employee's (`shift_assignments_no_overlap`: CONFLICT), e.g. a night
 * shift followed by an early shift the next morning. One shift per employee and day (a unique key):
 * a cancelled assignment of the day is taken up again.
 */
export async function assignShift(
  tx: TenantQueries,
  input: { employee_id: string; shift_id: string; work_date: string },
  actor: Actor,
): Promise<ShiftAssignment> {
  const employee = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM employees WHERE id = ${input.employee_id}`);
  if (!employee) throw new NotFoundError(`No employee has the id ${input.employee_id}.`);
  const shift = await tx.maybeOne(sql.type(z.object({ code: z.string(), active: z.boolean() }))`
    SELECT code, is_active AS active FROM shifts WHERE id = ${input.shift_id}`);
  if (!shift) throw new NotFoundError(`No shift has the id ${input.shift_id}.`);
  if (!shift.active) throw new InvalidInputError(`shift_id: shift ${shift.code} is not active.`);
  const taken = await tx.maybeOne(sql.type(z.object({ id: z.uuid(), code: z.string(), status: z.string() }))`
    SELECT a.id, s.code, a.status FROM shift_assignments a JOIN shifts s ON s.id = a.shift_id
    WHERE a.employee_id = ${input.employee_id} AND a.work_date = ${input.work_date}::date FOR UPDATE OF a`);
  if (taken && taken.status !== "cancelled") {
    throw new ConflictError(`The employee already has shift ${taken.code} on ${input.work_date}: one shift per day.`);
  }
  const hours = sql.fragment`${input.work_date}::date + s.start_time,
    ${input.work_date}::date + s.end_time + CASE WHEN s.crosses_midnight AND s.end_time <= s.start_time THEN interval '1 day' ELSE interval '0' END`;
  // A day's cancelled assignment is taken up again (one row per employee and day, a unique key).
  const assignment = taken
    ? await tx.one(sql.type(shiftAssignmentsRow)`
        UPDATE shift_assignments a SET shift_id = s.id, status = 'scheduled', (starts_at, ends_at) = (SELECT ${hours}), updated_at = now()
        FROM shifts s WHERE a.id = ${taken.id} AND s.id = ${input.shift_id}
        RETURNING a.*`)
    : await tx.one(sql.type(shiftAssignmentsRow)`
        INSERT INTO shift_assignments (employee_id, shift_id, work_date, status, starts_at, ends_at)
        SELECT ${input.employee_id}, s.id, ${input.work_date}::date, 'scheduled', ${hours}
        FROM shifts s WHERE s.id = ${input.shift_id}
        RETURNING *`);
  await recordAudit(tx, actor, { action: "assign", entity: "shift_assignments", entityId: assignment.id, after: assignment });
  return assignment;
}

/** Cancels an assignment (its hours are free again); a cancelled one answers CONFLICT. */
export async function cancelShiftAssignment(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<ShiftAssignment> {
  const before = await tx.maybeOne(sql.type(shiftAssignmentsRow)`SELECT * FROM shift_assignments WHERE id = ${input.id} FOR UPDATE`);
  if (!before) throw new NotFoundError(`No shift assignment has the id ${input.id}.`);
  if (before.status === "cancelled") throw new ConflictError("The shift assignment is already cancelled.");
  const after = await tx.one(sql.type(shiftAssignmentsRow)`
    UPDATE shift_assignments SET status = 'cancelled', updated_at = now() WHERE id = ${input.id} RETURNING *`);
  await recordAudit(tx, actor, { action: "cancel", entity: "shift_assignments", entityId: input.id, before, after });
  return after;
}

/** Assignments oldest first, optionally of one employee or from a day on, one page past the cursor. */
export async function listShiftAssignments(
  tx: TenantQueries,
  input: { cursor?: string | undefined; limit: number; employee_id?: string | undefined; from?: string | undefined },
): Promise<{ items: ShiftAssignment[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.employee_id) conditions.push(sql.fragment`employee_id = ${input.employee_id}`);
  if (input.from) conditions.push(sql.fragment`work_date >= ${input.from}::date`);
  const rows = await tx.any(sql.type(shiftAssignmentsRow)`
    SELECT * FROM shift_assignments WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
