import { stockCountsKind, stockCountsRow, stockCountsStatus } from "@erp/db-types";
import {
  cancelStockCount,
  createStockCount,
  listStockCounts,
  loadStockCount,
  postStockCount,
  recordStockCount,
  stockCountWithLines,
} from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { decimal, id, page, pageOf, text } from "../../validation/fields.ts";

export const countsRouter = router({
  list: moduleProcedure("inventory")
    .meta({ summary: "Stock counts, oldest first, without lines; `warehouse_id` and `status` narrow them." })
    .input(z.object({ ...page, warehouse_id: id.optional(), status: stockCountsStatus.optional() }))
    .output(pageOf(stockCountsRow))
    .query(({ ctx, input }) => listStockCounts(ctx.tx, input)),

  get: moduleProcedure("inventory")
    .meta({
      summary: "One stock count with its lines: expected at the start, counted, and the book quantity each was counted against.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id }))
    .output(stockCountWithLines)
    .query(({ ctx, input }) => loadStockCount(ctx.tx, input.id)),

  create: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Starts a count (in progress, gapless SC number): a count sheet of the warehouse's stock rows, one line per variant with the quantity on hand now as expected; with `zone_id`, one line per variant and bin of that zone. Nothing is frozen meanwhile.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ warehouse_id: id, zone_id: id.nullish(), kind: stockCountsKind.optional(), note: text(1000).nullish() }))
    .output(stockCountWithLines)
    .mutation(({ ctx, input }) => createStockCount(ctx.tx, input, ctx.actor)),

  record: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Enters counted quantities for some lines (partial entry; counting a line again replaces its figure). Each line records the book quantity of that moment: posting adjusts by counted − book quantity, so movements made after the line was counted stay.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        id,
        lines: z
          .array(z.object({ item_id: id, counted_quantity: decimal, note: text(1000).nullish() }))
          .min(1, { error: "must have at least one line" })
          .max(500, { error: "must have at most 500 lines" }),
      }),
    )
    .output(stockCountWithLines)
    .mutation(({ ctx, input }) => recordStockCount(ctx.tx, input, ctx.actor)),

  post: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Posts a count in progress: per counted line an adjustment movement of counted − book quantity at the moving average, and one entry Dr/Cr inventory against inventory adjustments. The count becomes posted and can no longer change.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ id }))
    .output(stockCountWithLines)
    .mutation(({ ctx, input }) => postStockCount(ctx.tx, input, ctx.actor)),

  cancel: moduleProcedure("inventory", "write")
    .meta({ summary: "Cancels a count in progress; nothing moves.", errors: ["NOT_FOUND", "BAD_REQUEST"] })
    .input(z.object({ id }))
    .output(stockCountWithLines)
    .mutation(({ ctx, input }) => cancelStockCount(ctx.tx, input, ctx.actor)),
});
