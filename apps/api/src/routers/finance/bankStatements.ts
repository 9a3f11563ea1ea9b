import { NotFoundError } from "@erp/db";
import { bankStatementsColumns, bankStatementsRow } from "@erp/db-types";
import { importedStatement, importStatement } from "@erp/erp";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page, pageOf } from "../../validation/fields.ts";
import { cell, signedMoney } from "./bankFields.ts";

const row = z.object({
  date: cell,
  description: cell.nullish(),
  reference: cell.nullish(),
  amount: cell.nullish(),
  debit: cell.nullish(),
  credit: cell.nullish(),
  balance: cell.nullish(),
});

export const bankStatementsRouter = router({
  import: moduleProcedure("finance", "write")
    .meta({
      summary:
        "Imports a bank statement, as CSV text (header: date, description, reference, amount or debit/credit, balance) or as rows. All bad rows are answered at once (row number and a sentence each) and nothing is imported; lines imported before (same content) are skipped, so a re-import adds nothing. A closing balance (last row's balance or closing_balance) must equal the opening balance plus every line imported.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        bank_account_id: id,
        csv: z.string({ error: "must be a string" }).max(2_000_000, { error: "must be at most 2,000,000 characters" }).optional(),
        rows: z.array(row).max(5000, { error: "must have at most 5000 rows" }).optional(),
        closing_balance: signedMoney.nullish(),
      }),
    )
    .output(importedStatement)
    .mutation(({ ctx, input }) => importStatement(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("finance")
    .meta({ summary: "Imported bank statements, oldest first; optionally of one bank account." })
    .input(z.object({ ...page, bank_account_id: id.optional() }))
    .output(pageOf(bankStatementsRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.bank_account_id) conditions.push(sql.fragment`bank_account_id = ${input.bank_account_id}`);
      const rows = await ctx.tx.any(sql.type(bankStatementsRow)`
        SELECT ${bankStatementsColumns} FROM bank_statements WHERE ${sql.join(conditions, sql.fragment` AND `)}
        ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  get: moduleProcedure("finance")
    .meta({ summary: "One imported bank statement.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(bankStatementsRow)
    .query(async ({ ctx, input }) => {
      const statement = await ctx.tx.maybeOne(
        sql.type(bankStatementsRow)`SELECT ${bankStatementsColumns} FROM bank_statements WHERE id = ${input.id}`,
      );
      if (!statement) throw new NotFoundError(`No bank statement has the id ${input.id}.`);
      return statement;
    }),
});
