import { journalEntriesStatus } from "@erp/db-types";
import { finance } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page, pageOf } from "../../validation/fields.ts";

export const entriesRouter = router({
  list: moduleProcedure("finance")
    .meta({ summary: "Journal entries (drafts, posted, reversed), oldest first, without lines." })
    .input(
      z.object({
        ...page,
        period_id: id.optional(),
        source_type: z
          .string({ error: "must be a string" })
          .regex(/^[a-z][a-z0-9_]{0,62}$/, { error: "must be a lower-case document type such as tax_invoice" })
          .optional(),
        status: journalEntriesStatus.optional(),
      }),
    )
    .output(pageOf(finance.entrySummary))
    .query(({ ctx, input }) => finance.listEntries(ctx.tx, input)),

  get: moduleProcedure("finance")
    .meta({ summary: "One journal entry with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(finance.entryWithLines)
    .query(({ ctx, input }) => finance.getEntry(ctx.tx, input.id)),
});
