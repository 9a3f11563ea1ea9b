import { costCentersInsert, costCentersRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, id, name } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(costCentersInsert, {
  // The table's CHECK also wants a letter or digit first.
  code: code.regex(/^[A-Za-z0-9]/, { error: "must start with a letter or digit" }),
  name,
  parent_id: id,
  manager_id: id,
  is_active: true,
});

/** Cost centres. No status column: `is_active: false` retires one, so no archive. */
export const costCentersRouter = router(
  createCrudProcedures({
    module: "finance",
    table: "cost_centers",
    entity: "cost center",
    row: costCentersRow,
    create: fields,
    update: fields.partial(),
    filters: { is_active: z.boolean().optional(), parent_id: id.optional() },
    search: ["code", "name"],
  }),
);
