import { kpiDefinitionsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, name, text } from "../../validation/fields.ts";

const fields = z.object({
  code,
  name,
  description: text(5000).nullish(),
  unit: z.enum(["count", "money", "percent", "ratio", "days", "hours"]).optional(),
  aggregation: z.enum(["sum", "avg", "min", "max", "last"]).optional(),
  direction: z.enum(["higher_is_better", "lower_is_better", "on_target"]).optional(),
  formula: text(5000).nullish(),
  is_active: z.boolean().optional(),
});

/** KPI definitions. No status column: `is_active: false` retires one, so no archive. */
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
