import { paymentReceiptsColumns, paymentReceiptsMethod, paymentReceiptsRow } from "@erp/db-types";
import { createReceipt, loadReceipt, receiptWithAllocations } from "@erp/erp";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, money, page, pageOf, text } from "../../validation/fields.ts";

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

  list: moduleProcedure("sales")
    .meta({ summary: "Payment receipts, oldest first, without allocations; optionally of one customer." })
    .input(z.object({ ...page, customer_id: id.optional() }))
    .output(pageOf(paymentReceiptsRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.customer_id) conditions.push(sql.fragment`customer_id = ${input.customer_id}`);
      const rows = await ctx.tx.any(sql.type(paymentReceiptsRow)`
        SELECT ${paymentReceiptsColumns} FROM payment_receipts WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  get: moduleProcedure("sales")
    .meta({ summary: "One receipt with its allocations.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(receiptWithAllocations)
    .query(({ ctx, input }) => loadReceipt(ctx.tx, input.id)),
});
