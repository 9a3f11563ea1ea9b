import { departmentsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, id, name } from "../../validation/fields.ts";

const status = z.enum(["active", "inactive"]);
const fields = z.object({
  code,
  name,
  parent_id: id.nullish(),
  cost_center_account_id: id.nullish(),
  status: status.optional(),
});

export const departmentsRouter = router(
  createCrudProcedures({
    module: "hr",
    table: "departments",
    entity: "department",
    row: departmentsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional(), parent_id: id.optional() },
    search: ["code", "name"],
    archiveStatus: "inactive",
  }),
);
