import { bankAccountsInsert, bankAccountsRow } from "@erp/db-types";
import { autoMatch, autoMatchResult, bankBalances, listUnmatchedLedger, loadBankBalances, unmatchedLedgerRow } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { currency, date, id, name, page, pageOf, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";
import { signedMoney } from "./bankFields.ts";

const fields = tableInput(bankAccountsInsert, {
  // The ledger account the bank's money is posted to: a postable bank or cash asset account (the
  // database refuses others); the tenant's default is the account of posting purpose 'bank'.
  account_id: id,
  name,
  bank_name: name,
  account_number: text(64).pipe(z.string().trim().min(1, { error: "must not be empty" })),
  iban: text(34),
  swift_bic: z.string().regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, { error: "must be a SWIFT/BIC code of 8 or 11 capital letters and digits" }),
  branch: text(200),
  currency,
  opening_balance: signedMoney,
  opening_balance_date: date,
  is_active: true,
});

/**
 * Bank accounts, each posting through one ledger account. Once statement lines exist, the ledger
 * account and the opening balance stay as they are (the database refuses the change): the
 * reconciliation is measured against them.
 */
export const bankAccountsRouter = router({
  ...createCrudProcedures({
    module: "finance",
    table: "bank_accounts",
    entity: "bank account",
    row: bankAccountsRow,
    create: fields,
    update: fields.partial(),
    filters: { is_active: z.boolean().optional(), account_id: id.optional() },
    search: ["name", "bank_name", "account_number"],
  }),

  balances: moduleProcedure("finance")
    .meta({
      summary:
        "The bank account's statement balance, reconciled balance (opening + matched lines) and the ledger's side: the account's balance, the matched rows and the rows no line matches yet.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id }))
    .output(bankBalances)
    .query(({ ctx, input }) => loadBankBalances(ctx.tx, input.id)),

  unmatchedEntries: moduleProcedure("finance")
    .meta({
      summary:
        "Ledger rows on the bank's ledger account that no statement line is matched to yet (amount: + money in, - money out), oldest first: what a line can be matched to by hand.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id, ...page }))
    .output(pageOf(unmatchedLedgerRow))
    .query(({ ctx, input }) => listUnmatchedLedger(ctx.tx, { bank_account_id: input.id, cursor: input.cursor, limit: input.limit })),

  autoMatch: moduleProcedure("finance", "write")
    .meta({
      summary:
        "Matches unmatched statement lines one to one with unmatched ledger rows on the bank's ledger account: same amount, within the date window (default 5 days), preferring a row whose entry's reference or number the line mentions; ambiguous lines are left for a person.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id, date_window_days: z.number().int({ error: "must be a whole number" }).min(0).max(60).optional() }))
    .output(autoMatchResult)
    .mutation(({ ctx, input }) => autoMatch(ctx.tx, { bank_account_id: input.id, date_window_days: input.date_window_days }, ctx.actor)),
});
