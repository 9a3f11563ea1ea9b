import { kpiDefinitionsInsert, kpiDefinitionsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(kpiDefinitionsInsert, {
  code,
  name,
  description: text(5000),
  unit: true,
  aggregation: true,
  direction: true,
  formula: text(5000),
  is_active: true,
  metric: true,
});

/**
 * KPI definitions. No status column: `is_active: false` retires one, so no archive. `metric` names
 * what analytics.kpis.evaluate computes, one of the whitelist (the database refuses others).
 */
export const kpiDefinitionsRouter = router(
  createCrudProcedures({
    module: "analytics",
    table: "kpi_definitions",
    entity: "KPI definition",
    row: kpiDefinitionsRow,
    create: fields,
    update: fields.partial(),
    filters: { is_active: z.boolean().optional() },
    search: ["code", "name"],
  }),
);
