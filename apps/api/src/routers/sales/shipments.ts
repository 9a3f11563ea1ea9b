import { shipmentsRow } from "@erp/db-types";
import { createShipment, listShipments, loadShipment, shipmentWithLines } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page, pageOf, quantity } from "../../validation/fields.ts";

export const shipmentsRouter = router({
  list: moduleProcedure("sales")
    .meta({ summary: "Shipments, oldest first, without lines; `order_id` keeps one order's." })
    .input(z.object({ ...page, order_id: id.optional() }))
    .output(pageOf(shipmentsRow))
    .query(({ ctx, input }) => listShipments(ctx.tx, input)),

  get: moduleProcedure("sales")
    .meta({ summary: "One shipment with its lines and the unit cost each left at.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(shipmentWithLines)
    .query(({ ctx, input }) => loadShipment(ctx.tx, input.id)),

  create: moduleProcedure("sales", "write")
    .meta({
      summary:
        "Ships a confirmed or partially shipped order, in part (`lines`) or all that is left (no `lines`): a gapless SH number, stock out at moving-average cost, cost of goods sold posted; the order becomes partially shipped or shipped.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        order_id: id,
        lines: z
          .array(z.object({ order_item_id: id, quantity }))
          .min(1, { error: "must have at least one line (leave lines out to ship everything left)" })
          .max(200, { error: "must have at most 200 lines" })
          .optional(),
      }),
    )
    .output(shipmentWithLines)
    .mutation(({ ctx, input }) => createShipment(ctx.tx, input, ctx.actor)),
});
