import { stockValuation, stockValuationReport } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page } from "../../validation/fields.ts";

export const valuationRouter = router({
  report: moduleProcedure("inventory")
    .meta({
      summary:
        "The stock valuation: stock rows at quantity × moving average (one page), totals over every row (of `warehouse_id` when given), the value in transit, and the inventory and in-transit account balances they equal.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ ...page, warehouse_id: id.optional() }))
    .output(stockValuationReport)
    .query(({ ctx, input }) => stockValuation(ctx.tx, input)),
});
