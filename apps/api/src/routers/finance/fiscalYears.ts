import { finance } from "@erp/erp";
import { z } from "zod";
import { router, tenantProcedure } from "../../trpc.ts";

/** Opening and closing the books' calendar takes the finance.close right, not only finance.write. */
export const closeRight = () => tenantProcedure.meta({ module: "finance", permission: "finance.close" });

export const fiscalYearsRouter = router({
  open: closeRight()
    .meta({
      summary: "Opens a calendar year as fiscal year FY<year> with twelve open monthly periods; CONFLICT when it overlaps a year.",
      errors: ["BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        year: z
          .number({ error: "must be a number" })
          .int({ error: "must be a whole number" })
          .min(1900, { error: "must be 1900 or later" })
          .max(9999, { error: "must be 9999 or earlier" }),
      }),
    )
    .output(finance.fiscalYearWithPeriods)
    .mutation(({ ctx, input }) => finance.openFiscalYear(ctx.tx, input, ctx.actor)),
});
