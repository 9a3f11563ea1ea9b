import { forecastRunsRow } from "@erp/db-types";
import { planning } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, page, pageOf } from "../../validation/fields.ts";

const createInput = z
  .object({
    product_id: id.optional(),
    category_id: id.optional(),
    period: z.enum(["month", "week"], { error: "must be 'month' or 'week'" }),
    horizon: z
      .number({ error: "must be a number" })
      .int({ error: "must be a whole number" })
      .min(1, { error: "must be at least 1" })
      .max(planning.horizonLimit.week, { error: `must be at most ${planning.horizonLimit.week}` }),
    method: z
      .enum(["auto", "seasonal", "exponential_smoothing", "moving_average"], {
        error: "must be 'auto', 'seasonal', 'exponential_smoothing' or 'moving_average'",
      })
      .optional(),
    as_of: date
      .refine((value) => value >= "2000-01-01" && value <= "2999-12-31", { error: "must lie between 2000-01-01 and 2999-12-31" })
      .optional(),
  })
  .superRefine((input, context) => {
    if (input.period === "month" && input.horizon > planning.horizonLimit.month) {
      context.addIssue({ code: "custom", path: ["horizon"], message: `must be at most ${planning.horizonLimit.month} months` });
    }
    if (Boolean(input.product_id) === Boolean(input.category_id)) {
      context.addIssue({ code: "custom", path: ["product_id"], message: "name either a product (product_id) or a category (category_id)" });
    }
  });

export const forecastsRouter = router({
  create: moduleProcedure("analytics", "write")
    .meta({
      summary:
        "Forecasts units sold per month or week for a product or every product of a category, from the order lines of non-cancelled orders before the period of `as_of` (default today): SARIMA(0,1,1)(0,1,1) with a yearly season, else simple exponential smoothing (ARIMA(0,1,1)), else a 3-period moving average, else 0, as the history allows; `method` caps where to start. Each product's forecast records the method used.",
      errors: ["BAD_REQUEST"],
    })
    .input(createInput)
    .output(planning.forecastRunWithForecasts)
    .mutation(({ ctx, input }) => planning.createForecast(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("analytics")
    .meta({ summary: "One forecast run with its forecasts per product and their lines per period.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(planning.forecastRunWithForecasts)
    .query(({ ctx, input }) => planning.loadForecastRun(ctx.tx, input.id)),

  list: moduleProcedure("analytics")
    .meta({ summary: "Forecast runs, oldest first, without their forecasts; optionally of one product or category." })
    .input(z.object({ ...page, product_id: id.optional(), category_id: id.optional() }))
    .output(pageOf(forecastRunsRow))
    .query(({ ctx, input }) => planning.listForecastRuns(ctx.tx, input)),
});
