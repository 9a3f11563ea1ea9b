import { payablesAging, payablesAgingOf } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date } from "../../validation/fields.ts";

export const payablesRouter = router({
  aging: moduleProcedure("procurement")
    .meta({ summary: "Open bill amounts per vendor by days past due (current, 1–30, 31–60, 61–90, over 90) on a date, with totals." })
    .input(z.object({ as_of: date.optional() }))
    .output(payablesAging)
    .query(({ ctx, input }) => payablesAgingOf(ctx.tx, input)),
});
