import {
  refreshResult,
  refreshSalesRollups,
  salesBy,
  salesDimensions,
  salesGrains,
  salesRow,
  topCustomerRow,
  topCustomers,
  topProductRow,
  topProducts,
} from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date } from "../../validation/fields.ts";

const range = { from: date, to: date };
const limit = (fallback: number) =>
  z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1)
    .max(100, { error: "must be at most 100" })
    .default(fallback);

/** Sales rollups (docs/modules/analytics.md): reads over the daily rollups, and their refresh from the orders. */
export const rollupsRouter = router({
  sales: moduleProcedure("analytics")
    .meta({
      summary:
        "Sales by day or month for a dimension (total, product, category, channel, customer) over a date range of at most 366 days, from the daily rollups; pages ordered by period then key.",
      errors: ["BAD_REQUEST"],
    })
    .input(
      z.object({
        ...range,
        dimension: z.enum(salesDimensions),
        grain: z.enum(salesGrains).default("day"),
        cursor: z.string().max(60).optional(),
        limit: limit(20),
      }),
    )
    .output(z.object({ items: z.array(salesRow), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => salesBy(ctx.tx, input)),

  topProducts: moduleProcedure("analytics")
    .meta({ summary: "The best-selling products of a date range by net revenue (then units), at most `limit`.", errors: ["BAD_REQUEST"] })
    .input(z.object({ ...range, limit: limit(10) }))
    .output(z.array(topProductRow))
    .query(({ ctx, input }) => topProducts(ctx.tx, input)),

  topCustomers: moduleProcedure("analytics")
    .meta({
      summary: "The customers who bought most in a date range by net revenue (then orders), at most `limit`.",
      errors: ["BAD_REQUEST"],
    })
    .input(z.object({ ...range, limit: limit(10) }))
    .output(z.array(topCustomerRow))
    .query(({ ctx, input }) => topCustomers(ctx.tx, input)),

  refresh: moduleProcedure("analytics", "write")
    .meta({
      summary:
        "Rebuilds the sales rollups of a date range (at most 366 days) from the orders, set-based; rows already equal to the orders are not written, so a second run changes nothing. Returns the rows inserted, updated and deleted per table.",
      errors: ["BAD_REQUEST"],
    })
    .input(z.object(range))
    .output(refreshResult)
    .mutation(({ ctx, input }) => refreshSalesRollups(ctx.tx, input, ctx.actor)),
});
