import { amcContractsRow } from "@erp/db-types";
import { service } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, money, page, pageOf, text } from "../../validation/fields.ts";

export const amcContractsRouter = router({
  create: moduleProcedure("service", "write")
    .meta({
      summary: "Signs an active maintenance contract: coverage period, covered products (none: all) and the visits it includes.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        customer_id: id,
        start_date: date,
        end_date: date,
        visits_included: z.number().int().min(0).max(1000),
        amount: money.optional(),
        sla_policy_id: id.optional(),
        items: z
          .array(z.object({ product_id: id, serial_number: text(100).optional() }))
          .max(200)
          .optional(),
      }),
    )
    .output(service.amcContractWithItems)
    .mutation(({ ctx, input }) => service.createAmcContract(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("service")
    .meta({ summary: "One maintenance contract with its covered products and visits used.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(service.amcContractWithItems)
    .query(({ ctx, input }) => service.loadAmcContract(ctx.tx, input.id)),

  list: moduleProcedure("service")
    .meta({ summary: "Maintenance contracts, oldest first." })
    .input(z.object({ ...page, customer_id: id.optional() }))
    .output(pageOf(amcContractsRow))
    .query(({ ctx, input }) => service.listAmcContracts(ctx.tx, input)),
});
