import { NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { insertMatches } from "./matchBankLine.ts";
import { units } from "./signedMoney.ts";

export type AutoMatchInput = {
  bank_account_id: string;
  /** How many days a ledger row's date may lie before or after the line's date. */
  date_window_days?: number | undefined;
};

export const autoMatchResult = z.object({
  examined: z.number(),
  matched: z.array(z.object({ bank_transaction_id: z.uuid(), journal_entry_id: z.uuid(), entry_number: z.string() })),
});
export type AutoMatchResult = z.infer<typeof autoMatchResult>;

const openLine = z.object({
  id: z.uuid(),
  date: z.string(),
  amount: z.string(),
  text: z.string(),
});
const openRow = z.object({
  id: z.uuid(),
  entryId: z.uuid(),
  entryNumber: z.string(),
  date: z.string(),
  amount: z.string(),
  text: z.string(),
});

const day = 86_400_000;

/**
 * Matches unmatched statement lines one to one with unmatched ledger rows on the bank account's
 * ledger account: the same amount, dated within the window, preferring a row whose entry's
 * reference or number appears in the line's reference or description (and, among those, the
 * nearest date). A line with several candidates and no reference to tell them apart is left for
 * a person. Reversed entries and reversals are never candidates (they cancel out in the ledger
 * and move no money at the bank). Lines are taken oldest first, so results repeat.
 */
export async function autoMatch(tx: TenantQueries, input: AutoMatchInput, actor: Actor): Promise<AutoMatchResult> {
  const window = input.date_window_days ?? 5;
  const bank = await tx.maybeOne(sql.type(z.object({ id: z.uuid(), accountId: z.uuid() }))`
    SELECT id, account_id AS "accountId" FROM bank_accounts WHERE id = ${input.bank_account_id} FOR UPDATE`);
  if (!bank) throw new NotFoundError(`No bank account has the id ${input.bank_account_id}.`);
  const lines = await tx.any(sql.type(openLine)`
    SELECT id, transaction_date::text AS date, amount::text AS amount, lower(concat_ws(' ', reference, description)) AS text
    FROM bank_transactions WHERE bank_account_id = ${bank.id} AND status = 'unreconciled'
    ORDER BY transaction_date, id
    FOR UPDATE`);
  if (lines.length === 0) return { examined: 0, matched: [] };
  const rows = await tx.any(sql.type(openRow)`
    SELECT gl.id, e.id AS "entryId", e.entry_number AS "entryNumber", gl.entry_date::text AS date,
      (gl.debit - gl.credit)::text AS amount, lower(concat_ws(' ', e.reference, e.entry_number)) AS text
    FROM general_ledger gl
    JOIN journal_entries e ON e.id = gl.journal_entry_id
    WHERE gl.account_id = ${bank.accountId} AND e.status = 'posted' AND e.reversal_of_id IS NULL
      AND NOT EXISTS (SELECT FROM bank_transaction_matches m WHERE m.general_ledger_id = gl.id)
      AND NOT EXISTS (SELECT FROM journal_entries r WHERE r.reversal_of_id = e.id)
      AND gl.entry_date BETWEEN ${lines[0]?.date ?? null}::date - ${window}::int AND ${lines.at(-1)?.date ?? null}::date + ${window}::int
    ORDER BY gl.entry_date, gl.id`);
  const free = new Set(rows.map((row) => row.id));
  const matched: AutoMatchResult["matched"] = [];
  for (const line of lines) {
    const lineDate = Date.parse(line.date);
    const candidates = rows.filter(
      (row) => free.has(row.id) && units(row.amount) === units(line.amount) && Math.abs(Date.parse(row.date) - lineDate) <= window * day,
    );
    const referenced = candidates.filter((row) => mentions(line.text, row.text));
    const nearest = (pool: typeof candidates) =>
      [...pool].sort((a, b) => Math.abs(Date.parse(a.date) - lineDate) - Math.abs(Date.parse(b.date) - lineDate))[0];
    const pick = referenced.length > 0 ? nearest(referenced) : candidates.length === 1 ? candidates[0] : undefined;
    if (!pick) continue;
    free.delete(pick.id);
    await insertMatches(
      tx,
      {
        id: line.id,
        bankAccountId: bank.id,
        ledgerAccountId: bank.accountId,
        date: line.date,
        amount: line.amount,
        status: "unreconciled",
        description: null,
        reference: null,
      },
      [pick],
      actor,
    );
    matched.push({ bank_transaction_id: line.id, journal_entry_id: pick.entryId, entry_number: pick.entryNumber });
  }
  if (matched.length > 0) {
    await recordAudit(tx, actor, { action: "auto_match", entity: "bank_accounts", entityId: bank.id, after: { matched } });
  }
  return { examined: lines.length, matched };
}

/** Whether the entry's reference or number (words of 3+ characters) appears in the line's text. */
function mentions(lineText: string, entryText: string): boolean {
  return entryText
    .split(/\s+/)
    .filter((word) => word.length >= 3)
    .some((word) => lineText.includes(word));
}
