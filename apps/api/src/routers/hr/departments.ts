import { departmentsInsert, departmentsRow, departmentsStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, id, name } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(departmentsInsert, {
  code,
  name,
  parent_id: id,
  cost_center_account_id: id,
  status: true,
});

export const departmentsRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "departments",
    entity: "department",
    row: departmentsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: departmentsStatus.optional(), parent_id: id.optional() },
    search: ["code", "name"],
    archiveStatus: "inactive",
  }),
);
