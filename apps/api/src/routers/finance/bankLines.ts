import { bankTransactionsColumns, bankTransactionsRow, bankTransactionsStatus } from "@erp/db-types";
import { bankLineWithMatches, loadBankLine, matchBankLine, postBankLine, unmatchBankLine } from "@erp/erp";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page, pageOf, text } from "../../validation/fields.ts";

/** Bank statement lines and their reconciliation: match, unmatch, or post the fee or interest a line stands for. */
export const bankLinesRouter = router({
  list: moduleProcedure("finance")
    .meta({ summary: "Statement lines of a bank account, oldest first; optionally of one statement or status." })
    .input(z.object({ ...page, bank_account_id: id, bank_statement_id: id.optional(), status: bankTransactionsStatus.optional() }))
    .output(pageOf(bankTransactionsRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`bank_account_id = ${input.bank_account_id}`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.bank_statement_id) conditions.push(sql.fragment`bank_statement_id = ${input.bank_statement_id}`);
      if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
      const rows = await ctx.tx.any(sql.type(bankTransactionsRow)`
        SELECT ${bankTransactionsColumns} FROM bank_transactions WHERE ${sql.join(conditions, sql.fragment` AND `)}
        ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  get: moduleProcedure("finance")
    .meta({ summary: "One statement line with the ledger rows it is matched to.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(bankLineWithMatches)
    .query(({ ctx, input }) => loadBankLine(ctx.tx, input.id)),

  match: moduleProcedure("finance", "write")
    .meta({
      summary:
        "Matches an unmatched line to one or more posted journal entries: their rows on the bank's ledger account must add up to the line's amount. CONFLICT when the line or an entry is already matched.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        id,
        journal_entry_ids: z
          .array(id)
          .min(1, { error: "must name at least one journal entry" })
          .max(100, { error: "must name at most 100 journal entries" }),
      }),
    )
    .output(bankLineWithMatches)
    .mutation(({ ctx, input }) =>
      matchBankLine(ctx.tx, { bank_transaction_id: input.id, journal_entry_ids: input.journal_entry_ids }, ctx.actor),
    ),

  unmatch: moduleProcedure("finance", "write")
    .meta({ summary: "Undoes a line's match; the line and the ledger rows can be matched again.", errors: ["NOT_FOUND", "CONFLICT"] })
    .input(z.object({ id }))
    .output(bankLineWithMatches)
    .mutation(({ ctx, input }) => unmatchBankLine(ctx.tx, { bank_transaction_id: input.id }, ctx.actor)),

  post: moduleProcedure("finance", "write")
    .meta({
      summary:
        "Posts what an unmatched line stands for when no document does (bank_fee: Dr bank fees / Cr bank; interest: Dr bank / Cr interest income) and matches the line to it.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ id, kind: z.enum(["bank_fee", "interest"]), description: text(400).nullish() }))
    .output(bankLineWithMatches)
    .mutation(({ ctx, input }) =>
      postBankLine(ctx.tx, { bank_transaction_id: input.id, kind: input.kind, description: input.description }, ctx.actor),
    ),
});
