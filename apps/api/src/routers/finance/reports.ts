import { finance } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date } from "../../validation/fields.ts";

/** Reports computed from the postings (general ledger). */
export const reportsRouter = router({
  trialBalance: moduleProcedure("finance")
    .meta({ summary: "Per account debits, credits and net balance over postings dated up to as_of (all when left out)." })
    .input(z.object({ as_of: date.optional() }))
    .output(finance.trialBalance)
    .query(({ ctx, input }) => finance.trialBalanceAsOf(ctx.tx, input)),

  profitAndLoss: moduleProcedure("finance")
    .meta({ summary: "Revenue, expenses and result over postings dated from `from` to `to` (both included).", errors: ["BAD_REQUEST"] })
    .input(z.object({ from: date, to: date }))
    .output(finance.profitAndLoss)
    .query(({ ctx, input }) => finance.profitAndLossBetween(ctx.tx, input)),

  balanceSheet: moduleProcedure("finance")
    .meta({ summary: "Assets, liabilities, equity and the current result at as_of; `balances` says assets = the rest." })
    .input(z.object({ as_of: date }))
    .output(finance.balanceSheet)
    .query(({ ctx, input }) => finance.balanceSheetAsOf(ctx.tx, input)),
});
