import { planning } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure } from "../../trpc.ts";
import { decimal, id } from "../../validation/fields.ts";

const multiplier = decimal
  .refine((value) => Number(value) > 0, { error: "must be greater than 0" })
  .refine((value) => Number(value) <= 100, { error: "must be at most 100" });

/** The planning procedures of analytics.scenarios, next to its CRUD: multipliers, applying them over a forecast, comparing. */
export const scenarioPlanningProcedures = {
  setMultipliers: moduleProcedure("analytics", "write")
    .meta({
      summary:
        "Replaces a scenario's named demand multipliers: per category, or for every product (category_id null); a product takes its category's, else the all-products one, else 1.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        id,
        multipliers: z.array(z.object({ category_id: id.nullish(), multiplier })).max(100, { error: "must have at most 100 multipliers" }),
      }),
    )
    .output(planning.scenarioMultipliers)
    .mutation(({ ctx, input }) => planning.setScenarioMultipliers(ctx.tx, input, ctx.actor)),

  project: moduleProcedure("analytics", "write")
    .meta({
      summary:
        "Applies a scenario over a forecast: one result per forecast line, projected = baseline × the product's multiplier (rounded to 4 decimals); replaces the scenario's previous projection.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id, forecast_id: id }))
    .output(planning.scenarioProjection)
    .mutation(({ ctx, input }) => planning.applyScenario(ctx.tx, input, ctx.actor)),

  compare: moduleProcedure("analytics")
    .meta({
      summary:
        "Scenarios applied to a forecast side by side, per period: the base forecast and each scenario's projection (summed over products).",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        forecast_id: id,
        scenario_ids: z.array(id).min(1, { error: "must name at least one scenario" }).max(10, { error: "must name at most 10 scenarios" }),
      }),
    )
    .output(planning.scenarioComparison)
    .query(({ ctx, input }) => planning.compareScenarios(ctx.tx, input)),
};
