import { paymentReceiptsMethod } from "@erp/db-types";
import { createReceipt, loadReceipt, receiptWithAllocations } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, money, text } from "../../validation/fields.ts";

const positive = money.refine((value) => Number(value) > 0, { error: "must be greater than 0" });

export const receiptsRouter = router({
  create: moduleProcedure("sales", "write")
    .meta({
      summary:
        "Records money received from a customer, allocated in full to their open invoices (allocations add up to the amount); posts Dr bank / Cr receivable. CONFLICT when an invoice no longer has that much open.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        customer_id: id,
        amount: positive,
        received_on: date.optional(),
        method: paymentReceiptsMethod.optional(),
        reference: text(200).nullish(),
        allocations: z
          .array(z.object({ invoice_id: id, amount: positive }))
          .min(1, { error: "must have at least one allocation" })
          .max(100, { error: "must have at most 100 allocations" }),
      }),
    )
    .output(receiptWithAllocations)
    .mutation(({ ctx, input }) => createReceipt(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("sales")
    .meta({ summary: "One receipt with its allocations.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(receiptWithAllocations)
    .query(({ ctx, input }) => loadReceipt(ctx.tx, input.id)),
});
