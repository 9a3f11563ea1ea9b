import { InvalidInputError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { nextNumber } from "./nextNumber.ts";
import type { PostingPurpose } from "./postingAccounts.ts";

/** The journals every tenant has (set_up_books): sales, purchases, bank, general, inventory. */
export type JournalCode = "SALES" | "PURCH" | "BANK" | "GEN" | "INV";

export type PostingLine = {
  /** A posting purpose (the tenant's account for it) or an account id. */
  account: PostingPurpose | { id: string };
  /** Decimal text, ≥ 0, in the line's currency; a line whose debit and credit are both 0 is left out. */
  debit?: string;
  credit?: string;
  /** ISO code and rate to the base currency; the base currency (rate 1) when left out. */
  currency?: string;
  exchangeRate?: string;
  customerId?: string | null;
  vendorId?: string | null;
  description?: string | null;
};

export type Posting = {
  /** The entry's date (YYYY-MM-DD): it must lie in an open fiscal period. */
  date: string;
  journal: JournalCode;
  description: string;
  reference?: string | null;
  /** The document that caused the entry (`shipment`, `tax_invoice`, …); null for a manual journal. */
  source: { type: string; id: string } | null;
  /** The entry this one reverses. */
  reversalOf?: string | null;
  lines: readonly PostingLine[];
};

export type PostedEntry = { id: string; entryNumber: string };

const resolved = z.object({
  periodId: z.uuid().nullable(),
  journalId: z.uuid().nullable(),
  accounts: z.array(z.uuid().nullable()),
});

/**
 * Posts one journal entry in the caller's transaction: a gapless number from the journal series,
 * the entry (posted), its lines and their general-ledger rows. The database keeps the rules: the
 * entry must balance in base currency at commit, lie in an open fiscal period, and stays frozen
 * once committed (a correction is a reversal); each ledger row's running balance is set by the
 * ledger under the account's lock. This function only shapes the rows and names what is missing.
 */
export async function postEntry(tx: TenantQueries, posting: Posting, actor: Actor): Promise<PostedEntry> {
  const lines = posting.lines.filter((line) => !isZero(line.debit) || !isZero(line.credit));
  if (lines.length < 2) throw new InvalidInputError(`${posting.description}: an entry needs at least two lines with an amount.`);
  for (const [index, line] of lines.entries()) {
    if (!isZero(line.debit) && !isZero(line.credit)) {
      throw new InvalidInputError(`lines.${index}: a line is a debit or a credit, not both.`);
    }
  }

  const found = await tx.one(sql.type(resolved)`
    SELECT
      (SELECT p.id FROM fiscal_periods p
        WHERE ${posting.date}::date BETWEEN p.start_date AND p.end_date AND NOT p.is_adjustment) AS "periodId",
      (SELECT id FROM journals WHERE code = ${posting.journal}) AS "journalId",
      (SELECT coalesce(array_agg(coalesce(l.account_id, pa.account_id) ORDER BY l.n), '{}')
        FROM unnest(${sql.array(
          lines.map((line) => (typeof line.account === "string" ? line.account : null)),
          "text",
        )}::text[], ${sql.array(
          lines.map((line) => (typeof line.account === "string" ? null : line.account.id)),
          "uuid",
        )}::uuid[]) WITH ORDINALITY AS l(purpose, account_id, n)
        LEFT JOIN posting_accounts pa ON pa.purpose = l.purpose) AS accounts`);
  if (!found.periodId) {
    throw new InvalidInputError(`No fiscal period covers ${posting.date}: open a fiscal year that does before posting on that date.`);
  }
  if (!found.journalId) throw new InvalidInputError(`The tenant has no ${posting.journal} journal.`);
  const accountIds = found.accounts.map((accountId, index) => {
    const line = lines[index];
    if (accountId) return accountId;
    throw new InvalidInputError(
      typeof line?.account === "string"
        ? `The tenant has no account for ${line.account.replaceAll("_", " ")} postings (posting_accounts).`
        : `lines.${index}: no account has the id ${line?.account.id}.`,
    );
  });

  const entryNumber = await nextNumber(tx, "journal");
  const entryId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO journal_entries (entry_number, journal_id, fiscal_period_id, entry_date, description, reference, status,
      source_type, source_id, reversal_of_id, created_by, posted_by, posted_at)
    VALUES (${entryNumber}, ${found.journalId}, ${found.periodId}, ${posting.date}::date, ${posting.description},
      ${posting.reference ?? null}, 'posted', ${posting.source?.type ?? null}, ${posting.source?.id ?? null}::uuid,
      ${posting.reversalOf ?? null}::uuid, ${actor.userId}::uuid, ${actor.userId}::uuid, clock_timestamp())
    RETURNING id`);
  await tx.query(sql.unsafe`
    WITH input AS (
      SELECT * FROM ${sql.unnest(
        lines.map((line, index) => [
          index + 1,
          accountIds[index] as string,
          line.debit ?? "0",
          line.credit ?? "0",
          line.currency ?? "USD",
          line.exchangeRate ?? "1",
          line.customerId ?? null,
          line.vendorId ?? null,
          line.description ?? null,
        ]),
        ["int4", "uuid", "numeric", "numeric", "text", "numeric", "uuid", "uuid", "text"],
      )} AS l(line_number, account_id, debit, credit, currency, exchange_rate, customer_id, vendor_id, description)
    ), lines AS (
      INSERT INTO journal_lines (journal_entry_id, line_number, account_id, customer_id, vendor_id, description, debit, credit,
        currency, exchange_rate)
      SELECT ${entryId}, line_number, account_id, customer_id, vendor_id, description, debit, credit, currency, exchange_rate
      FROM input
      RETURNING id, line_number, account_id, debit, credit, currency, exchange_rate
    )
    INSERT INTO general_ledger (account_id, journal_entry_id, journal_line_id, fiscal_period_id, entry_date, debit, credit,
      running_balance, posted_at)
    SELECT account_id, ${entryId}, id, ${found.periodId}, ${posting.date}::date, round(debit * exchange_rate, 4),
      round(credit * exchange_rate, 4), 0, clock_timestamp()
    FROM lines ORDER BY line_number`);
  return { id: entryId, entryNumber };
}

function isZero(amount: string | undefined): boolean {
  return amount === undefined || Number(amount) === 0;
}
