import { InvalidInputError, type TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { fromUnits, signedUnits } from "./amounts.ts";

// Every report is computed from the postings (general_ledger): debits and credits in base currency.

const accountTotals = z.object({
  account_id: z.uuid(),
  code: z.string(),
  name: z.string(),
  account_type: z.enum(["asset", "liability", "equity", "revenue", "expense"]),
  debit: z.string(),
  credit: z.string(),
});

/** Per account (with postings), the sums of its ledger rows that match `where`, by account code. */
async function totalsPerAccount(tx: TenantQueries, where: FragmentSqlToken) {
  return tx.any(sql.type(accountTotals)`
    SELECT a.id AS account_id, a.code, a.name, a.account_type, round(sum(g.debit), 4)::text AS debit, round(sum(g.credit), 4)::text AS credit
    FROM general_ledger g JOIN chart_of_accounts a ON a.id = g.account_id
    WHERE ${where}
    GROUP BY a.id ORDER BY a.code`);
}

const sum = (amounts: readonly string[]) => fromUnits(amounts.reduce((total, amount) => total + signedUnits(amount), 0n));

export const trialBalance = z.object({
  as_of: z.iso.date().nullable(),
  accounts: z.array(
    accountTotals.extend({
      /** The account's net balance, on the side it falls (the other is 0). */
      debit_balance: z.string(),
      credit_balance: z.string(),
    }),
  ),
  totals: z.object({ debit: z.string(), credit: z.string(), debit_balance: z.string(), credit_balance: z.string() }),
  /** Σ debits = Σ credits (and so Σ debit balances = Σ credit balances): the books balance. */
  balanced: z.boolean(),
});
export type TrialBalance = z.infer<typeof trialBalance>;

/** Every account's debits, credits and net balance over postings dated up to `as_of` (all when left out). */
export async function trialBalanceAsOf(tx: TenantQueries, input: { as_of?: string | undefined }): Promise<TrialBalance> {
  const rows = await totalsPerAccount(tx, input.as_of ? sql.fragment`g.entry_date <= ${input.as_of}::date` : sql.fragment`TRUE`);
  const accounts = rows.map((row) => {
    const net = signedUnits(row.debit) - signedUnits(row.credit);
    return { ...row, debit_balance: fromUnits(net > 0n ? net : 0n), credit_balance: fromUnits(net < 0n ? -net : 0n) };
  });
  const totals = {
    debit: sum(accounts.map((row) => row.debit)),
    credit: sum(accounts.map((row) => row.credit)),
    debit_balance: sum(accounts.map((row) => row.debit_balance)),
    credit_balance: sum(accounts.map((row) => row.credit_balance)),
  };
  return { as_of: input.as_of ?? null, accounts, totals, balanced: totals.debit === totals.credit };
}

const reportLine = z.object({ account_id: z.uuid(), code: z.string(), name: z.string(), amount: z.string() });
const section = z.object({ accounts: z.array(reportLine), total: z.string() });

/** Accounts of one type, each with its balance on the type's normal side (credit − debit for credit types). */
function sectionOf(rows: readonly z.infer<typeof accountTotals>[], type: z.infer<typeof accountTotals>["account_type"]) {
  const creditSide = type === "liability" || type === "equity" || type === "revenue";
  const accounts = rows
    .filter((row) => row.account_type === type)
    .map((row) => {
      const net = signedUnits(row.debit) - signedUnits(row.credit);
      return { account_id: row.account_id, code: row.code, name: row.name, amount: fromUnits(creditSide ? -net : net) };
    });
  return { accounts, total: sum(accounts.map((row) => row.amount)) };
}

export const profitAndLoss = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  revenue: section,
  expenses: section,
  /** revenue − expenses: a profit when positive. */
  result: z.string(),
});
export type ProfitAndLoss = z.infer<typeof profitAndLoss>;

/** Revenue and expenses posted with dates from `from` to `to` (both included), and the result. */
export async function profitAndLossBetween(tx: TenantQueries, input: { from: string; to: string }): Promise<ProfitAndLoss> {
  if (input.to < input.from) throw new InvalidInputError(`to: ${input.to} is before from (${input.from}).`);
  const rows = await totalsPerAccount(tx, sql.fragment`g.entry_date BETWEEN ${input.from}::date AND ${input.to}::date`);
  const revenue = sectionOf(rows, "revenue");
  const expenses = sectionOf(rows, "expense");
  return { ...input, revenue, expenses, result: fromUnits(signedUnits(revenue.total) - signedUnits(expenses.total)) };
}

export const balanceSheet = z.object({
  as_of: z.iso.date(),
  assets: section,
  liabilities: section,
  equity: section,
  /**
   * Revenue − expenses over every posting dated up to `as_of`: no year-end entry moves results
   * into retained earnings yet, so the result since the start of the books belongs here.
   */
  current_result: z.string(),
  /** assets = liabilities + equity + current result. */
  balances: z.boolean(),
});
export type BalanceSheet = z.infer<typeof balanceSheet>;

/** Assets, liabilities and equity at `as_of` (postings dated up to it), with the result not yet closed to equity. */
export async function balanceSheetAsOf(tx: TenantQueries, input: { as_of: string }): Promise<BalanceSheet> {
  const rows = await totalsPerAccount(tx, sql.fragment`g.entry_date <= ${input.as_of}::date`);
  const assets = sectionOf(rows, "asset");
  const liabilities = sectionOf(rows, "liability");
  const equity = sectionOf(rows, "equity");
  const result = signedUnits(sectionOf(rows, "revenue").total) - signedUnits(sectionOf(rows, "expense").total);
  const balances = signedUnits(assets.total) === signedUnits(liabilities.total) + signedUnits(equity.total) + result;
  return { as_of: input.as_of, assets, liabilities, equity, current_result: fromUnits(result), balances };
}
