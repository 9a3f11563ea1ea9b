import { finance } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, decimal, id, text } from "../../validation/fields.ts";

const description = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(500, { error: "must be at most 500 characters" })
  .refine((value) => !value.includes("\u0000"), { error: "must not contain NUL characters" });

const line = z.object({
  account_id: id,
  debit: decimal.optional(),
  credit: decimal.optional(),
  description: text(500).nullish(),
  customer_id: id.nullish(),
  vendor_id: id.nullish(),
});

const createInput = z.object({
  date,
  description,
  reference: text(200).nullish(),
  lines: z.array(line).min(2, { error: "must hold at least two lines" }).max(500, { error: "must hold at most 500 lines" }),
});

/** Manual journals: drafts (numbered DRAFT-<id>), posted with a gapless JE number, corrected by reversal only. */
export const journalsRouter = router({
  create: moduleProcedure("finance", "write")
    .meta({
      summary: "Saves a manual journal (general journal) as a draft; lines must balance and use postable accounts.",
      errors: ["BAD_REQUEST", "NOT_FOUND"],
    })
    .input(createInput)
    .output(finance.entryWithLines)
    .mutation(({ ctx, input }) => finance.createJournal(ctx.tx, input, ctx.actor)),

  update: moduleProcedure("finance", "write")
    .meta({
      summary: "Changes a draft (lines are replaced as a whole); a posted entry is refused (BAD_REQUEST): reverse it instead.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ id, patch: createInput.partial() }))
    .output(finance.entryWithLines)
    .mutation(({ ctx, input }) => finance.updateJournal(ctx.tx, input, ctx.actor)),

  post: moduleProcedure("finance", "write")
    .meta({
      summary: "Posts a draft: the next JE number, the ledger rows; refused (BAD_REQUEST) when its period is closed.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ id }))
    .output(finance.entryWithLines)
    .mutation(({ ctx, input }) => finance.postJournal(ctx.tx, input, ctx.actor)),

  reverse: moduleProcedure("finance", "write")
    .meta({
      summary: "Reverses a posted entry with a new posted entry (debits and credits swapped, dated `date` or the original's date).",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ id, date: date.optional() }))
    .output(finance.entryWithLines)
    .mutation(({ ctx, input }) => finance.reverseJournal(ctx.tx, input, ctx.actor)),

  remove: moduleProcedure("finance", "write")
    .meta({
      summary: "Deletes a draft; a posted entry is refused (BAD_REQUEST): reverse it instead.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ id }))
    .output(z.object({ id }))
    .mutation(({ ctx, input }) => finance.removeJournal(ctx.tx, input, ctx.actor)),
});
