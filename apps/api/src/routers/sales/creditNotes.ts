import { creditNotesColumns, creditNotesRow } from "@erp/db-types";
import { createCreditNote, creditNoteWithLines, loadCreditNote } from "@erp/erp";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page, pageOf, quantity, text } from "../../validation/fields.ts";

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

  list: moduleProcedure("sales")
    .meta({ summary: "Credit notes, oldest first, without lines; optionally of one customer." })
    .input(z.object({ ...page, customer_id: id.optional() }))
    .output(pageOf(creditNotesRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.customer_id) conditions.push(sql.fragment`customer_id = ${input.customer_id}`);
      const rows = await ctx.tx.any(sql.type(creditNotesRow)`
        SELECT ${creditNotesColumns} FROM credit_notes WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  get: moduleProcedure("sales")
    .meta({ summary: "One credit note with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(creditNoteWithLines)
    .query(({ ctx, input }) => loadCreditNote(ctx.tx, input.id)),
});
