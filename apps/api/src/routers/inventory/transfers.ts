import { stockTransfersRow, stockTransfersStatus } from "@erp/db-types";
import {
  cancelStockTransfer,
  createStockTransfer,
  listStockTransfers,
  loadStockTransfer,
  receiveStockTransfer,
  shipStockTransfer,
  stockTransferWithLines,
} from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, instant, page, pageOf, quantity, text } from "../../validation/fields.ts";

export const transfersRouter = router({
  list: moduleProcedure("inventory")
    .meta({ summary: "Stock transfers, oldest first, without lines; `warehouse_id` keeps those leaving or reaching it." })
    .input(z.object({ ...page, warehouse_id: id.optional(), status: stockTransfersStatus.optional() }))
    .output(pageOf(stockTransfersRow))
    .query(({ ctx, input }) => listStockTransfers(ctx.tx, input)),

  get: moduleProcedure("inventory")
    .meta({
      summary: "One stock transfer with its lines: quantity, shipped, received and the unit cost they travel at.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id }))
    .output(stockTransferWithLines)
    .query(({ ctx, input }) => loadStockTransfer(ctx.tx, input.id)),

  create: moduleProcedure("inventory", "write")
    .meta({
      summary: "Plans a transfer between two warehouses (draft, gapless ST number); nothing moves until it ships.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z
        .object({
          from_warehouse_id: id,
          to_warehouse_id: id,
          lines: z
            .array(z.object({ product_id: id, product_variant_id: id.nullish(), quantity }))
            .min(1, { error: "must have at least one line" })
            .max(200, { error: "must have at most 200 lines" }),
          expected_at: instant.nullish(),
          carrier: text(200).nullish(),
          tracking_number: text(200).nullish(),
          note: text(1000).nullish(),
        })
        .refine((value) => value.from_warehouse_id !== value.to_warehouse_id, {
          error: "must differ from from_warehouse_id",
          path: ["to_warehouse_id"],
        }),
    )
    .output(stockTransferWithLines)
    .mutation(({ ctx, input }) => createStockTransfer(ctx.tx, input, ctx.actor)),

  ship: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Ships a draft transfer whole: the goods leave the source at its moving average (the cost is kept on each line) and their value moves from inventory to inventory in transit.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ id }))
    .output(stockTransferWithLines)
    .mutation(({ ctx, input }) => shipStockTransfer(ctx.tx, input, ctx.actor)),

  receive: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Receives a transfer in transit, in part (`lines`) or all still in transit: the goods enter the destination at the cost they travelled at (its average moves accordingly) and their value moves from in transit to inventory. Received whole, the transfer is final.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        id,
        lines: z
          .array(z.object({ item_id: id, quantity }))
          .min(1, { error: "must have at least one line (leave lines out to receive everything in transit)" })
          .max(200, { error: "must have at most 200 lines" })
          .optional(),
        to_bin_id: id.nullish(),
      }),
    )
    .output(stockTransferWithLines)
    .mutation(({ ctx, input }) => receiveStockTransfer(ctx.tx, input, ctx.actor)),

  cancel: moduleProcedure("inventory", "write")
    .meta({ summary: "Cancels a transfer that has not shipped; nothing moves.", errors: ["NOT_FOUND", "BAD_REQUEST"] })
    .input(z.object({ id }))
    .output(stockTransferWithLines)
    .mutation(({ ctx, input }) => cancelStockTransfer(ctx.tx, input, ctx.actor)),
});
