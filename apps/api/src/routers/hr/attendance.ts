import { attendanceInsert, attendanceRow, attendanceStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { date, id, instant, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(attendanceInsert, {
  employee_id: id,
  work_date: date,
  shift_id: id,
  check_in: instant,
  check_out: instant,
  status: true,
  source: true,
  notes: text(2000),
});

/** Attendance: the database refuses two attendances of one employee whose check-in to check-out times overlap (CONFLICT). */
export const attendanceRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "attendance",
    entity: "attendance",
    row: attendanceRow,
    create: fields,
    update: fields.omit({ employee_id: true }).partial(),
    filters: { employee_id: id.optional(), work_date: date.optional(), status: attendanceStatus.optional() },
  }),
);
