import { scenariosRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, id, name, text } from "../../validation/fields.ts";

const status = z.enum(["draft", "active", "approved", "archived"]);
const fields = z.object({
  code,
  name,
  description: text(5000).nullish(),
  base_scenario_id: id.nullish(),
  assumptions: attributes.optional(),
  status: status.optional(),
});

export const scenariosRouter = router(
  createCrudProcedures({
    module: "analytics",
    table: "scenarios",
    entity: "scenario",
    row: scenariosRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional(), base_scenario_id: id.optional() },
    search: ["code", "name"],
    archiveStatus: "archived",
    prepare: (_input, user) => ({ created_by_user_id: user.id }),
  }),
);
