import { scenariosInsert, scenariosRow, scenariosStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";
import { scenarioPlanningProcedures } from "./scenarioPlanning.ts";

const fields = tableInput(scenariosInsert, {
  code,
  name,
  description: text(5000),
  base_scenario_id: id,
  assumptions: attributes,
  status: true,
});

export const scenariosRouter = router({
  ...createCrudProcedures({
    module: "analytics",
    table: "scenarios",
    entity: "scenario",
    row: scenariosRow,
    create: fields,
    update: fields.partial(),
    filters: { status: scenariosStatus.optional(), base_scenario_id: id.optional() },
    search: ["code", "name"],
    archiveStatus: "archived",
    prepare: (_input, user) => ({ created_by_user_id: user.id }),
  }),
  ...scenarioPlanningProcedures,
});
