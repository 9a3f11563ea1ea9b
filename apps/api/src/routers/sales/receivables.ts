import { customerStatement, customerStatementOf, receivablesAging, receivablesAgingOf } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id } from "../../validation/fields.ts";

export const receivablesRouter = router({
  aging: moduleProcedure("sales")
    .meta({ summary: "Open invoice amounts per customer by days past due (current, 1–30, 31–60, 61–90, over 90) on a date, with totals." })
    .input(z.object({ as_of: date.optional() }))
    .output(receivablesAging)
    .query(({ ctx, input }) => receivablesAgingOf(ctx.tx, input)),
});

/** sales.customers.statement: lives with the receivables reads, mounted on the customers router. */
export const customerStatementProcedure = moduleProcedure("sales")
  .meta({
    summary:
      "A customer's statement from the receivable postings tagged with them: opening balance, each invoice, credit note and receipt with the running balance, closing balance.",
    errors: ["NOT_FOUND"],
  })
  .input(z.object({ customer_id: id, from: date.optional(), to: date.optional() }))
  .output(customerStatement)
  .query(({ ctx, input }) => customerStatementOf(ctx.tx, input));
