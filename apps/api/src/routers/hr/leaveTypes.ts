import { leaveTypesInsert, leaveTypesRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, decimal, name } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(leaveTypesInsert, {
  code,
  name,
  days_per_year: decimal,
  max_carry_forward: decimal,
  // Unpaid types draw on no balance; their approved days cut pay in the payroll run.
  is_paid: true,
  requires_approval: true,
  is_active: true,
});

export const leaveTypesRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "leave_types",
    entity: "leave type",
    row: leaveTypesRow,
    create: fields,
    update: fields.partial(),
    filters: { is_active: z.boolean().optional(), is_paid: z.boolean().optional() },
    search: ["code", "name"],
  }),
);
