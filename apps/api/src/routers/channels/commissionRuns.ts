import { commissionRunsRow, commissionRunsStatus } from "@erp/db-types";
import { approveCommissionRun, commissionRunWithLines, listCommissionRuns, loadCommissionRun, runCommissions } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, page, pageOf } from "../../validation/fields.ts";

export const commissionRunsRouter = router({
  run: moduleProcedure("channels", "write")
    .meta({
      summary:
        "Computes the month's commission runs (period = its first day), one per partner, from invoiced orders less credit notes; idempotent: a second call changes nothing, approved runs stay as they are.",
      errors: ["BAD_REQUEST"],
    })
    .input(z.object({ period: date }))
    .output(z.array(commissionRunsRow))
    .mutation(({ ctx, input }) => runCommissions(ctx.tx, input, ctx.actor)),

  approve: moduleProcedure("channels", "write")
    .meta({
      summary: "Approves a draft run: posts Dr commission expense / Cr commissions payable (its net) and freezes it.",
      errors: ["NOT_FOUND", "CONFLICT", "BAD_REQUEST"],
    })
    .input(z.object({ id }))
    .output(commissionRunWithLines)
    .mutation(({ ctx, input }) => approveCommissionRun(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("channels")
    .meta({ summary: "One commission run with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(commissionRunWithLines)
    .query(({ ctx, input }) => loadCommissionRun(ctx.tx, input.id)),

  list: moduleProcedure("channels")
    .meta({ summary: "Commission runs, oldest first, without lines; optionally of one period or status." })
    .input(z.object({ ...page, period: date.optional(), status: commissionRunsStatus.optional() }))
    .output(pageOf(commissionRunsRow))
    .query(({ ctx, input }) => listCommissionRuns(ctx.tx, input)),
});
