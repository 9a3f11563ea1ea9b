import { createCreditNote, creditNoteWithLines, loadCreditNote } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, quantity, text } from "../../validation/fields.ts";

const reason = text(500).trim().min(1, { error: "must not be empty" });

export const creditNotesRouter = router({
  create: moduleProcedure("sales", "write")
    .meta({
      summary:
        "Credits invoice lines pro rata (up to what is open on the invoice); posts Dr revenue, tax payable / Cr receivable. With restock, the goods return to stock at the cost they left with.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        invoice_id: id,
        lines: z
          .array(z.object({ invoice_item_id: id, quantity }))
          .min(1, { error: "must have at least one line" })
          .max(200, { error: "must have at most 200 lines" }),
        reason,
        restock: z.boolean().optional(),
      }),
    )
    .output(creditNoteWithLines)
    .mutation(({ ctx, input }) => createCreditNote(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("sales")
    .meta({ summary: "One credit note with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(creditNoteWithLines)
    .query(({ ctx, input }) => loadCreditNote(ctx.tx, input.id)),
});
