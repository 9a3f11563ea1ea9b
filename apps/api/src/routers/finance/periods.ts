import { fiscalPeriodsRow } from "@erp/db-types";
import { finance } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id } from "../../validation/fields.ts";
import { closeRight } from "./fiscalYears.ts";

export const periodsRouter = router({
  list: moduleProcedure("finance")
    .meta({ summary: "Fiscal periods (of one year, or all), in calendar order." })
    .input(z.object({ fiscal_year_id: id.optional() }))
    .output(z.object({ items: z.array(fiscalPeriodsRow) }))
    .query(async ({ ctx, input }) => ({ items: await finance.listPeriods(ctx.tx, input) })),

  close: closeRight()
    .meta({
      summary: "Closes an open period (records who and when): nothing more can be posted into it.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ id }))
    .output(fiscalPeriodsRow)
    .mutation(({ ctx, input }) => finance.closePeriod(ctx.tx, input, ctx.actor)),

  reopen: closeRight()
    .meta({ summary: "Reopens a closed period of an open year, so it takes postings again.", errors: ["NOT_FOUND", "BAD_REQUEST"] })
    .input(z.object({ id }))
    .output(fiscalPeriodsRow)
    .mutation(({ ctx, input }) => finance.reopenPeriod(ctx.tx, input, ctx.actor)),
});
