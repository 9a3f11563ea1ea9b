import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { type BankLineWithMatches, type LockedLine, loadBankLine, lockLine, requireUnmatched } from "./bankLines.ts";
import { formatSigned, units } from "./signedMoney.ts";

export type MatchBankLineInput = { bank_transaction_id: string; journal_entry_ids: readonly string[] };

const ledgerRow = z.object({
  id: z.uuid().nullable(),
  entryId: z.uuid(),
  entryNumber: z.string(),
  amount: z.string().nullable(),
  matchedTo: z.uuid().nullable(),
});

/**
 * Matches a statement line to the journal entries that moved its money: every row those entries
 * posted to the bank account's ledger account is matched, and together they must come to the
 * line's amount (one deposit may settle several receipts). An entry already matched to another
 * line answers CONFLICT. The database checks the same (each ledger row once; sums at commit).
 */
export async function matchBankLine(tx: TenantQueries, input: MatchBankLineInput, actor: Actor): Promise<BankLineWithMatches> {
  if (input.journal_entry_ids.length === 0) throw new InvalidInputError("journal_entry_ids: name at least one journal entry.");
  const repeated = input.journal_entry_ids.findIndex((id, index) => input.journal_entry_ids.indexOf(id) !== index);
  if (repeated >= 0) throw new InvalidInputError(`journal_entry_ids.${repeated}: the entry is named twice.`);
  const line = await lockLine(tx, input.bank_transaction_id);
  requireUnmatched(line);
  const rows = await ledgerRowsOf(tx, line, input.journal_entry_ids);
  await insertMatches(tx, line, rows, actor);
  const after = await loadBankLine(tx, line.id);
  await recordAudit(tx, actor, {
    action: "match",
    entity: "bank_transactions",
    entityId: line.id,
    before: { status: line.status },
    after: { status: after.status, journal_entries: rows.map((row) => row.entryNumber) },
  });
  return after;
}

/** The bank account's ledger rows of these entries, checked: each entry found, posted to the account, unmatched, sum = line. */
export async function ledgerRowsOf(tx: TenantQueries, line: LockedLine, entryIds: readonly string[]) {
  const rows = await tx.any(sql.type(ledgerRow)`
    SELECT gl.id, e.id AS "entryId", e.entry_number AS "entryNumber", (gl.debit - gl.credit)::text AS amount,
      m.bank_transaction_id AS "matchedTo"
    FROM journal_entries e
    LEFT JOIN general_ledger gl ON gl.journal_entry_id = e.id AND gl.account_id = ${line.ledgerAccountId}
    LEFT JOIN bank_transaction_matches m ON m.general_ledger_id = gl.id
    WHERE e.id = ANY(${sql.array(entryIds, "uuid")}) AND e.status <> 'draft'
    ORDER BY gl.id`);
  for (const [index, entryId] of entryIds.entries()) {
    const ofEntry = rows.filter((row) => row.entryId === entryId);
    if (ofEntry.length === 0) throw new NotFoundError(`journal_entry_ids.${index}: no posted journal entry has the id ${entryId}.`);
    const first = ofEntry[0];
    if (ofEntry.some((row) => row.id === null) || !first) {
      throw new InvalidInputError(
        `journal_entry_ids.${index}: entry ${first?.entryNumber} did not post to this bank account's ledger account.`,
      );
    }
    if (ofEntry.some((row) => row.matchedTo !== null)) {
      throw new ConflictError(`journal_entry_ids.${index}: entry ${first.entryNumber} is already matched to another bank line.`);
    }
  }
  const found = rows.map((row) => ({ id: row.id ?? "", entryId: row.entryId, entryNumber: row.entryNumber, amount: row.amount ?? "0" }));
  const total = found.reduce((sum, row) => sum + units(row.amount), 0n);
  if (total !== units(line.amount)) {
    throw new InvalidInputError(
      `journal_entry_ids: the entries moved ${formatSigned(total)} through the bank account, not the line's amount ${line.amount}.`,
    );
  }
  return found;
}

export async function insertMatches(
  tx: TenantQueries,
  line: LockedLine,
  rows: readonly { id: string; entryId: string; amount: string }[],
  actor: Actor,
): Promise<void> {
  await tx.query(sql.unsafe`
    INSERT INTO bank_transaction_matches (bank_transaction_id, general_ledger_id, journal_entry_id, amount, matched_by)
    SELECT ${line.id}, r.general_ledger_id, r.journal_entry_id, r.amount, ${actor.userId}::uuid
    FROM ${sql.unnest(
      rows.map((row) => [row.id, row.entryId, row.amount]),
      ["uuid", "uuid", "numeric"],
    )} AS r(general_ledger_id, journal_entry_id, amount)`);
  await tx.query(sql.unsafe`UPDATE bank_transactions SET status = 'matched', updated_at = now() WHERE id = ${line.id}`);
}

/** Undoes a line's match: the line and its ledger rows are free to be matched again. */
export async function unmatchBankLine(
  tx: TenantQueries,
  input: { bank_transaction_id: string },
  actor: Actor,
): Promise<BankLineWithMatches> {
  const line = await lockLine(tx, input.bank_transaction_id);
  if (line.status !== "matched") {
    throw new ConflictError(
      `The bank line of ${line.date} for ${line.amount} is ${line.status}, not matched: there is nothing to unmatch.`,
    );
  }
  const before = await loadBankLine(tx, line.id);
  await tx.query(sql.unsafe`DELETE FROM bank_transaction_matches WHERE bank_transaction_id = ${line.id}`);
  await tx.query(sql.unsafe`UPDATE bank_transactions SET status = 'unreconciled', updated_at = now() WHERE id = ${line.id}`);
  await recordAudit(tx, actor, {
    action: "unmatch",
    entity: "bank_transactions",
    entityId: line.id,
    before: { status: before.status, journal_entry_ids: before.matches.map((match) => match.journal_entry_id) },
    after: { status: "unreconciled" },
  });
  return loadBankLine(tx, line.id);
}
