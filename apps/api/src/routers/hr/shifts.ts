import { holidaysInsert, holidaysRow, shiftAssignmentsRow, shiftsInsert, shiftsRow } from "@erp/db-types";
import { hr } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { code, country, date, id, name, page, pageOf } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const time = z
  .string({ error: "must be a string" })
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, { error: "must be a time of day (HH:MM)" });

const shiftFields = tableInput(shiftsInsert, {
  code,
  name,
  start_time: time,
  end_time: time,
  crosses_midnight: true,
  break_minutes: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(0).max(1440),
  warehouse_id: id,
  is_active: true,
});

/** Shifts (hours of a working day; a night shift crosses midnight). `is_active: false` retires one. */
export const shiftsRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "shifts",
    entity: "shift",
    row: shiftsRow,
    create: shiftFields,
    update: shiftFields.partial(),
    filters: { is_active: z.boolean().optional() },
    search: ["code", "name"],
  }),
);

export const shiftAssignmentsRouter = router({
  assign: moduleProcedure("hr", "write")
    .meta({
      summary:
        "Puts an employee on a shift on a day; an assignment overlapping another of the employee's (a night shift included), or a second on the same day, answers CONFLICT.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ employee_id: id, shift_id: id, work_date: date }))
    .output(shiftAssignmentsRow)
    .mutation(({ ctx, input }) => hr.assignShift(ctx.tx, input, ctx.actor)),

  cancel: moduleProcedure("hr", "write")
    .meta({ summary: "Cancels a shift assignment (its hours are free again).", errors: ["NOT_FOUND", "CONFLICT"] })
    .input(z.object({ id }))
    .output(shiftAssignmentsRow)
    .mutation(({ ctx, input }) => hr.cancelShiftAssignment(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("hr")
    .meta({ summary: "Shift assignments, oldest first; optionally of one employee, from a day on." })
    .input(z.object({ ...page, employee_id: id.optional(), from: date.optional() }))
    .output(pageOf(shiftAssignmentsRow))
    .query(({ ctx, input }) => hr.listShiftAssignments(ctx.tx, input)),
});

const holidayFields = tableInput(holidaysInsert, { holiday_date: date, name, country_code: country, is_optional: true });

/**
 * Holidays. Company-wide ones (no country, not optional) are not leave days: a leave over one
 * counts a day less. One holiday per date and country (CONFLICT).
 */
export const holidaysRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "holidays",
    entity: "holiday",
    row: holidaysRow,
    create: holidayFields,
    update: holidayFields.partial(),
    filters: { country_code: country.optional(), is_optional: z.boolean().optional() },
    search: ["name"],
    removable: true,
  }),
);
