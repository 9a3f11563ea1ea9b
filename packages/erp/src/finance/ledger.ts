import { NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";

export const ledgerMovement = z.object({
  id: z.uuid(),
  entry_date: z.iso.date(),
  journal_entry_id: z.uuid(),
  entry_number: z.string(),
  description: z.string(),
  line_description: z.string().nullable(),
  debit: z.string(),
  credit: z.string(),
  /** Debits minus credits after this movement, from the opening balance, in date order. */
  balance: z.string(),
});

export const accountLedger = z.object({
  account: z.object({ id: z.uuid(), code: z.string(), name: z.string(), account_type: z.string(), normal_balance: z.string() }),
  period: z.object({ id: z.uuid(), name: z.string(), start_date: z.iso.date(), end_date: z.iso.date() }),
  /** Debits minus credits of everything dated before the period. */
  opening: z.string(),
  /** The period's totals (all movements, not only this page). */
  debit: z.string(),
  credit: z.string(),
  /** opening + debit − credit. */
  closing: z.string(),
  items: z.array(ledgerMovement),
  nextCursor: z.uuid().nullable(),
});
export type AccountLedger = z.infer<typeof accountLedger>;

/**
 * One account's ledger for one period, computed from the postings (general_ledger): the opening
 * balance (everything dated before the period starts), the period's movements in date order
 * (keyset pages on date and ledger row id; `cursor` is the last row id of the previous page),
 * each with the balance after it, and the closing balance. Balances are debits minus credits,
 * whatever the account's normal side (it is returned, so a client can flip the sign).
 */
export async function accountLedgerFor(
  tx: TenantQueries,
  input: { account_id: string; period_id: string; cursor?: string | undefined; limit: number },
): Promise<AccountLedger> {
  const account = await tx.maybeOne(sql.type(accountLedger.shape.account)`
    SELECT id, code, name, account_type, normal_balance FROM chart_of_accounts WHERE id = ${input.account_id}`);
  if (!account) throw new NotFoundError(`No account has the id ${input.account_id}.`);
  const period = await tx.maybeOne(sql.type(accountLedger.shape.period)`
    SELECT id, name, start_date, end_date FROM fiscal_periods WHERE id = ${input.period_id}`);
  if (!period) throw new NotFoundError(`No fiscal period has the id ${input.period_id}.`);

  const totals = await tx.one(sql.type(z.object({ opening: z.string(), debit: z.string(), credit: z.string(), closing: z.string() }))`
    WITH opening AS (
      SELECT coalesce(sum(debit - credit), 0) AS amount FROM general_ledger
      WHERE account_id = ${account.id} AND entry_date < ${period.start_date}::date
    ), movements AS (
      SELECT coalesce(sum(debit), 0) AS debit, coalesce(sum(credit), 0) AS credit FROM general_ledger
      WHERE account_id = ${account.id} AND fiscal_period_id = ${period.id}
    )
    SELECT round(opening.amount, 4)::text AS opening, round(movements.debit, 4)::text AS debit, round(movements.credit, 4)::text AS credit,
      round(opening.amount + movements.debit - movements.credit, 4)::text AS closing
    FROM opening, movements`);

  const after = input.cursor
    ? sql.fragment`(m.entry_date, m.id) > (SELECT entry_date, id FROM general_ledger WHERE id = ${input.cursor})`
    : sql.fragment`TRUE`;
  const rows = await tx.any(sql.type(ledgerMovement)`
    SELECT m.* FROM (
      SELECT g.id, g.entry_date, g.journal_entry_id, e.entry_number, e.description, l.description AS line_description,
        g.debit, g.credit,
        round(${totals.opening}::numeric + sum(g.debit - g.credit) OVER (ORDER BY g.entry_date, g.id), 4)::text AS balance
      FROM general_ledger g
      JOIN journal_entries e ON e.id = g.journal_entry_id
      JOIN journal_lines l ON l.id = g.journal_line_id
      WHERE g.account_id = ${account.id} AND g.fiscal_period_id = ${period.id}
    ) m
    WHERE ${after}
    ORDER BY m.entry_date, m.id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { account, period, ...totals, items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
