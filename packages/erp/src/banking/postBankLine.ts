import { InvalidInputError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { postEntry } from "../books/postEntry.ts";
import { type BankLineWithMatches, loadBankLine, lockLine, requireUnmatched } from "./bankLines.ts";
import { insertMatches, ledgerRowsOf } from "./matchBankLine.ts";
import { formatSigned, units } from "./signedMoney.ts";

/** What a bank line without a document is: a fee the bank charged (money out) or interest it paid (money in). */
export type BankLineKind = "bank_fee" | "interest";

export type PostBankLineInput = { bank_transaction_id: string; kind: BankLineKind; description?: string | null | undefined };

/**
 * Posts the document a statement line stands for when nothing in the books does (a bank fee:
 * Dr bank fees / Cr bank; interest: Dr bank / Cr interest income, both on the bank account's own
 * ledger account), through postEntry in the bank journal, and matches the line to it at once.
 */
export async function postBankLine(tx: TenantQueries, input: PostBankLineInput, actor: Actor): Promise<BankLineWithMatches> {
  const line = await lockLine(tx, input.bank_transaction_id);
  requireUnmatched(line);
  const amount = units(line.amount);
  if (input.kind === "bank_fee" && amount > 0n) {
    throw new InvalidInputError(`kind: the line of ${line.date} brings money in (${line.amount}); a bank fee takes money out.`);
  }
  if (input.kind === "interest" && amount < 0n) {
    throw new InvalidInputError(`kind: the line of ${line.date} takes money out (${line.amount}); interest received brings money in.`);
  }
  const magnitude = formatSigned(amount < 0n ? -amount : amount);
  const label = input.kind === "bank_fee" ? "Bank fee" : "Interest received";
  const entry = await postEntry(
    tx,
    {
      date: line.date,
      journal: "BANK",
      description: `${label}: ${input.description ?? line.description ?? line.reference ?? line.date}`.slice(0, 500),
      reference: line.reference,
      source: { type: "bank_transaction", id: line.id },
      lines:
        input.kind === "bank_fee"
          ? [
              { account: "bank_fees", debit: magnitude },
              { account: { id: line.ledgerAccountId }, credit: magnitude },
            ]
          : [
              { account: { id: line.ledgerAccountId }, debit: magnitude },
              { account: "interest_income", credit: magnitude },
            ],
    },
    actor,
  );
  await insertMatches(tx, line, await ledgerRowsOf(tx, line, [entry.id]), actor);
  await tx.query(sql.unsafe`UPDATE bank_transactions SET journal_entry_id = ${entry.id}, updated_at = now() WHERE id = ${line.id}`);
  await recordAudit(tx, actor, {
    action: "post",
    entity: "bank_transactions",
    entityId: line.id,
    before: { status: line.status },
    after: { status: "matched", kind: input.kind, journal_entry: entry.entryNumber },
  });
  return loadBankLine(tx, line.id);
}
