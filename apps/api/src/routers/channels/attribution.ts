import { orderAttributionsRow } from "@erp/db-types";
import { loadAttribution, setAttribution } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id } from "../../validation/fields.ts";

export const attributionRouter = router({
  set: moduleProcedure("channels", "write")
    .meta({
      summary:
        "Attributes an order to a channel and at most one partner (dealer, franchisee or community partner) who earns commission on it; replaces the order's attribution until commission has been computed on it.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        order_id: id,
        channel_id: id,
        dealer_id: id.nullish(),
        franchisee_id: id.nullish(),
        community_partner_id: id.nullish(),
      }),
    )
    .output(orderAttributionsRow)
    .mutation(({ ctx, input }) => setAttribution(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("channels")
    .meta({ summary: "The order's attribution.", errors: ["NOT_FOUND"] })
    .input(z.object({ order_id: id }))
    .output(orderAttributionsRow)
    .query(({ ctx, input }) => loadAttribution(ctx.tx, input.order_id)),
});
