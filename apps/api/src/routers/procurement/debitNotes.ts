import { createDebitNote, debitNoteWithLines, loadDebitNote } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, name, quantity } from "../../validation/fields.ts";

export const debitNotesRouter = router({
  create: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Returns billed goods to the vendor against an approved bill: stock leaves at the moving average, the bill's open amount falls by the lines' pro rata net and tax; posts Dr payables / Cr inventory, Cr input tax, ± purchase price variance.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        bill_id: id,
        reason: name,
        lines: z
          .array(z.object({ bill_item_id: id, quantity }))
          .min(1, { error: "must have at least one line" })
          .max(100, { error: "must have at most 100 lines" }),
      }),
    )
    .output(debitNoteWithLines)
    .mutation(({ ctx, input }) => createDebitNote(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("procurement")
    .meta({ summary: "One debit note with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(debitNoteWithLines)
    .query(({ ctx, input }) => loadDebitNote(ctx.tx, input.id)),
});
