import { randomBytes } from "node:crypto";
import { employeesEmploymentType, employeesInsert, employeesRow, employeesStatus } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, date, email, id, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const personName = text(100).trim().min(1, { error: "must not be empty" });
const fields = tableInput(employeesInsert, {
  employee_number: z.string().trim().min(1).max(40, { error: "must be at most 40 characters" }).optional(),
  user_id: id,
  first_name: personName,
  last_name: personName,
  email,
  phone: text(50),
  date_of_birth: date,
  gender: true,
  hire_date: date,
  termination_date: date,
  department_id: id,
  position_id: id,
  manager_id: id,
  work_location_warehouse_id: id,
  // 'terminated' needs termination_date (a CHECK), so there is no one-field archive.
  status: true,
  employment_type: true,
  attributes,
});

export const employeesRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "employees",
    entity: "employee",
    row: employeesRow,
    create: fields,
    update: fields.partial(),
    filters: { department_id: id.optional(), status: employeesStatus.optional(), employment_type: employeesEmploymentType.optional() },
    search: ["first_name", "last_name", "email", "employee_number"],
    // employee_number is NOT NULL and unique: generated (E-<10 hex digits>) when none is given.
    prepare: () => ({ employee_number: `E-${randomBytes(5).toString("hex").toUpperCase()}` }),
  }),
);
