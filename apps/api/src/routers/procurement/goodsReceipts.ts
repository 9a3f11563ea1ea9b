import { goodsReceiptNotesRow } from "@erp/db-types";
import { createGoodsReceipt, goodsReceiptWithLines, listGoodsReceipts, loadGoodsReceipt } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, page, pageOf, quantity, text } from "../../validation/fields.ts";

export const goodsReceiptsRouter = router({
  create: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Receives goods against an approved or sent purchase order, line by line (partial receipts allowed; at most what is left plus the tenant's quantity tolerance), into the order's warehouse (and `bin_id` where it has bins) at the order price; posts Dr inventory / Cr goods received not invoiced.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        purchase_order_id: id,
        delivery_note_number: text(100).nullish(),
        carrier: text(200).nullish(),
        notes: text(5000).nullish(),
        lines: z
          .array(
            z.object({
              purchase_order_item_id: id,
              quantity,
              bin_id: id.nullish(),
              lot_number: text(64).nullish(),
              expiry_date: date.nullish(),
            }),
          )
          .min(1, { error: "must have at least one line" })
          .max(100, { error: "must have at most 100 lines" }),
      }),
    )
    .output(goodsReceiptWithLines)
    .mutation(({ ctx, input }) => createGoodsReceipt(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("procurement")
    .meta({ summary: "Goods receipts, oldest first, without lines; optionally of one purchase order." })
    .input(z.object({ ...page, purchase_order_id: id.optional() }))
    .output(pageOf(goodsReceiptNotesRow))
    .query(({ ctx, input }) => listGoodsReceipts(ctx.tx, input)),

  get: moduleProcedure("procurement")
    .meta({ summary: "One goods receipt with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(goodsReceiptWithLines)
    .query(({ ctx, input }) => loadGoodsReceipt(ctx.tx, input.id)),
});
