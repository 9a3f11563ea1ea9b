import {
  employeeSalariesInsert,
  employeeSalariesRow,
  salaryComponentsInsert,
  salaryComponentsRow,
  salaryStructureComponentsInsert,
  salaryStructureComponentsRow,
  salaryStructuresInsert,
  salaryStructuresRow,
} from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, currency, date, decimal, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

/** A percentage 0–100 with at most 4 decimals. */
const percent = decimal.refine((value) => Number(value) <= 100, { error: "must be at most 100" });

const componentFields = tableInput(salaryComponentsInsert, {
  code,
  name,
  kind: true,
  calculation: true,
  is_taxable: true,
  account_id: id,
  is_active: true,
});

const structureFields = tableInput(salaryStructuresInsert, { code, name, pay_frequency: true, currency, status: true });

const structureComponentFields = tableInput(salaryStructureComponentsInsert, {
  salary_structure_id: id,
  salary_component_id: id,
  // An earning's percent is of basic pay, a deduction's of gross pay (docs/modules/hr.md).
  amount: decimal,
  percent,
  currency,
  sort_order: z.number().int().min(-1e6).max(1e6),
});

const salaryFields = tableInput(employeeSalariesInsert, {
  employee_id: id,
  salary_structure_id: id,
  // Per month: the payroll runs calendar months.
  base_salary: decimal,
  pay_frequency: true,
  currency,
  effective_from: date,
  effective_to: date,
  change_reason: text(200),
});

export const salaryComponentsRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "salary_components",
    entity: "salary component",
    row: salaryComponentsRow,
    create: componentFields,
    update: componentFields.partial(),
    search: ["code", "name"],
  }),
);

export const salaryStructuresRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "salary_structures",
    entity: "salary structure",
    row: salaryStructuresRow,
    create: structureFields,
    update: structureFields.partial(),
    search: ["code", "name"],
    archiveStatus: "retired",
  }),
);

export const salaryStructureComponentsRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "salary_structure_components",
    entity: "salary structure component",
    row: salaryStructureComponentsRow,
    create: structureComponentFields,
    update: structureComponentFields.omit({ salary_structure_id: true }).partial(),
    filters: { salary_structure_id: id.optional() },
    removable: true,
  }),
);

export const employeeSalariesRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "employee_salaries",
    entity: "employee salary",
    row: employeeSalariesRow,
    create: salaryFields,
    update: salaryFields.omit({ employee_id: true }).partial(),
    filters: { employee_id: id.optional() },
  }),
);
