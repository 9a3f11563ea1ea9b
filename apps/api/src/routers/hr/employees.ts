import { randomBytes } from "node:crypto";
import { employeesRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, date, email, id, text } from "../../validation/fields.ts";

const status = z.enum(["active", "on_leave", "terminated"]);
const employmentType = z.enum(["full_time", "part_time", "contract", "temporary", "intern"]);
const personName = text(100).trim().min(1, { error: "must not be empty" });
const fields = z.object({
  employee_number: z.string().trim().min(1).max(40, { error: "must be at most 40 characters" }).optional(),
  user_id: id.nullish(),
  first_name: personName,
  last_name: personName,
  email,
  phone: text(50).nullish(),
  date_of_birth: date.nullish(),
  gender: z.enum(["female", "male", "other", "undisclosed"]).nullish(),
  hire_date: date,
  termination_date: date.nullish(),
  department_id: id,
  position_id: id.nullish(),
  manager_id: id.nullish(),
  work_location_warehouse_id: id.nullish(),
  // 'terminated' needs termination_date (a CHECK), so there is no one-field archive.
  status: status.optional(),
  employment_type: employmentType.optional(),
  attributes: attributes.optional(),
});

export const employeesRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "employees",
    entity: "employee",
    row: employeesRow,
    create: fields,
    update: fields.partial(),
    filters: { department_id: id.optional(), status: status.optional(), employment_type: employmentType.optional() },
    search: ["first_name", "last_name", "email", "employee_number"],
    // employee_number is NOT NULL and unique: generated (E-<10 hex digits>) when none is given.
    prepare: () => ({ employee_number: `E-${randomBytes(5).toString("hex").toUpperCase()}` }),
  }),
);
