import { createReorderPurchaseOrders, reorderResult, reorderSuggestion, reorderSuggestions } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id } from "../../validation/fields.ts";

export const reorderRouter = router({
  suggestions: moduleProcedure("procurement")
    .meta({
      summary:
        "Stock rows whose available quantity plus what is on order is below their reorder point, with the quantity to order and the preferred vendor.",
      errors: ["BAD_REQUEST"],
    })
    .input(z.object({ warehouse_id: id.optional() }))
    .output(z.array(reorderSuggestion))
    .query(({ ctx, input }) => reorderSuggestions(ctx.tx, input)),

  createPurchaseOrders: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Turns the reorder suggestions into draft purchase orders, one per preferred vendor and warehouse (suggestions without a preferred vendor are returned, not ordered).",
      errors: ["BAD_REQUEST"],
    })
    .input(z.object({ warehouse_id: id.optional() }))
    .output(reorderResult)
    .mutation(({ ctx, input }) => createReorderPurchaseOrders(ctx.tx, input, ctx.actor)),
});
