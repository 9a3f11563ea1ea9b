import { InvalidInputError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { missingSeries } from "./nextNumber.ts";
import { type DocumentToNumber, numberingSteps } from "./numberDocument.ts";
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
  /** The entry's date (YYYY-MM-DD), in an open fiscal period; today (the database's date) when left out. */
  date?: string | undefined;
  journal: JournalCode;
  /** `{number}` in the description or reference stands for the document's number (see PostingOptions.document). */
  description: string;
  reference?: string | null;
  /** The document that caused the entry (`shipment`, `tax_invoice`, …); null for a manual journal. */
  source: { type: string; id: string } | null;
  /** The entry this one reverses. */
  reversalOf?: string | null;
  lines: readonly PostingLine[];
};

export type PostingOptions = {
  /**
   * The document the entry posts, numbered in the posting's own statement (see numberDocument.ts):
   * insert it with `provisionalNumber`, and its gapless number replaces that here.
   */
  document?: DocumentToNumber | undefined;
};

export type PostedEntry = { id: string; entryNumber: string; documentNumber: string | null };

const posted = z.object({
  day: z.string(),
  periodId: z.uuid().nullable(),
  journalId: z.uuid().nullable(),
  missingLine: z.number().int().nullable(),
  entryId: z.uuid().nullable(),
  entryNumber: z.string().nullable(),
  documentNumber: z.string().nullable(),
});

/**
 * Posts one journal entry in the caller's transaction, in ONE statement: the period, journal and
 * accounts are resolved, the document (if any) and the entry take their gapless numbers, and the
 * entry, its lines, its ledger rows and the document's alongside writes are inserted. The series
 * rows and the accounts' ledger balances it locks stay locked until commit, so callers post last:
 * everything else of the document is written before, and the lock is held for one statement and
 * the commit rather than for the whole operation (postings of one tenant queue on these rows).
 * The database keeps the rules: the entry must balance in base currency at commit, lie in an open
 * fiscal period, and stays frozen once committed (a correction is a reversal); each ledger row's
 * running balance is set by the ledger under the account's lock. This function only shapes the
 * rows and names what is missing (no number is taken and no entry written then; the error rolls
 * the caller's transaction back).
 */
export async function postEntry(tx: TenantQueries, posting: Posting, actor: Actor, options: PostingOptions = {}): Promise<PostedEntry> {
  const lines = posting.lines.filter((line) => !isZero(line.debit) || !isZero(line.credit));
  if (lines.length < 2) throw new InvalidInputError(`${posting.description}: an entry needs at least two lines with an amount.`);
  for (const [index, line] of lines.entries()) {
    if (!isZero(line.debit) && !isZero(line.credit)) {
      throw new InvalidInputError(`lines.${index}: a line is a debit or a credit, not both.`);
    }
  }
  const document = options.document;
  const numbering = document ? numberingSteps(document, sql.fragment`ready`) : null;
  // The entry's number is taken after the document's (a join on it), so every posting locks the
  // series rows in one order: document series, journal series, then accounts by line.
  const after = numbering ? sql.fragment`, document_number` : sql.fragment``;
  // `{number}` stands for the document's number only when a document is numbered here: a manual
  // journal's text is the user's and is kept as written.
  const withNumber = (text: string | null) =>
    numbering ? sql.fragment`replace(${text}::text, '{number}', document_number.number)` : sql.fragment`${text}::text`;

  const result = await tx.one(sql.type(posted)`
    WITH input AS (
      SELECT * FROM ${sql.unnest(
        lines.map((line, index) => [
          index + 1,
          typeof line.account === "string" ? line.account : null,
          typeof line.account === "string" ? null : line.account.id,
          line.debit ?? "0",
          line.credit ?? "0",
          line.currency ?? "USD",
          line.exchangeRate ?? "1",
          line.customerId ?? null,
          line.vendorId ?? null,
          line.description ?? null,
        ]),
        ["int4", "text", "uuid", "numeric", "numeric", "text", "numeric", "uuid", "uuid", "text"],
      )} AS l(line_number, purpose, account_id, debit, credit, currency, exchange_rate, customer_id, vendor_id, description)
    ), resolved AS (
      SELECT input.*, a.id AS account
      FROM input
      LEFT JOIN posting_accounts pa ON pa.purpose = input.purpose
      LEFT JOIN chart_of_accounts a ON a.id = coalesce(input.account_id, pa.account_id)
    ), found AS (
      SELECT d.day,
        (SELECT p.id FROM fiscal_periods p WHERE d.day BETWEEN p.start_date AND p.end_date AND NOT p.is_adjustment) AS period_id,
        (SELECT id FROM journals WHERE code = ${posting.journal}) AS journal_id,
        (SELECT min(line_number) FROM resolved WHERE account IS NULL) AS missing_line
      FROM (SELECT coalesce(${posting.date ?? null}::date, current_date) AS day) d
    ), ready AS (
      SELECT * FROM found WHERE period_id IS NOT NULL AND journal_id IS NOT NULL AND missing_line IS NULL
    )${numbering ? sql.fragment`, ${numbering.number}` : sql.fragment``}, entry_number AS (
      UPDATE document_series s SET next_number = s.next_number + 1, updated_at = now()
      FROM ready${after}
      WHERE s.document_type = 'journal' AND s.is_default
      RETURNING s.prefix || lpad((s.next_number - 1)::text, s.padding, '0') AS number
    ), entry AS (
      INSERT INTO journal_entries (entry_number, journal_id, fiscal_period_id, entry_date, description, reference, status,
        source_type, source_id, reversal_of_id, created_by, posted_by, posted_at)
      SELECT entry_number.number, ready.journal_id, ready.period_id, ready.day,
        ${withNumber(posting.description)}, ${withNumber(posting.reference ?? null)}, 'posted',
        ${posting.source?.type ?? null}, ${posting.source?.id ?? null}::uuid, ${posting.reversalOf ?? null}::uuid,
        ${actor.userId}::uuid, ${actor.userId}::uuid, clock_timestamp()
      FROM ready, entry_number${after}
      RETURNING id, entry_number
    ), lines AS (
      INSERT INTO journal_lines (journal_entry_id, line_number, account_id, customer_id, vendor_id, description, debit, credit,
        currency, exchange_rate)
      SELECT entry.id, r.line_number, r.account, r.customer_id, r.vendor_id, r.description, r.debit, r.credit, r.currency, r.exchange_rate
      FROM resolved r, entry
      RETURNING id, journal_entry_id, line_number, account_id, debit, credit, exchange_rate
    ), ledger AS (
      INSERT INTO general_ledger (account_id, journal_entry_id, journal_line_id, fiscal_period_id, entry_date, debit, credit,
        running_balance, posted_at)
      SELECT l.account_id, l.journal_entry_id, l.id, ready.period_id, ready.day, round(l.debit * l.exchange_rate, 4),
        round(l.credit * l.exchange_rate, 4), 0, clock_timestamp()
      FROM lines l, ready ORDER BY l.line_number
    )${numbering ? sql.fragment`, ${numbering.writes(sql.fragment`(SELECT id FROM entry)`)}` : sql.fragment``}
    SELECT found.day::text AS day, found.period_id AS "periodId", found.journal_id AS "journalId", found.missing_line AS "missingLine",
      (SELECT id FROM entry) AS "entryId", (SELECT entry_number FROM entry) AS "entryNumber",
      ${numbering ? sql.fragment`(SELECT number FROM document_number)` : sql.fragment`NULL::text`} AS "documentNumber"
    FROM found`);

  if (!result.periodId) {
    throw new InvalidInputError(`No fiscal period covers ${result.day}: open a fiscal year that does before posting on that date.`);
  }
  if (!result.journalId) throw new InvalidInputError(`The tenant has no ${posting.journal} journal.`);
  if (result.missingLine !== null) {
    const line = lines[result.missingLine - 1];
    throw new InvalidInputError(
      typeof line?.account === "string"
        ? `The tenant has no account for ${line.account.replaceAll("_", " ")} postings (posting_accounts).`
        : `lines.${result.missingLine - 1}: no account has the id ${line?.account.id}.`,
    );
  }
  if (document && !result.documentNumber) throw missingSeries(document.series);
  if (!result.entryId || !result.entryNumber) throw missingSeries("journal");
  return { id: result.entryId, entryNumber: result.entryNumber, documentNumber: result.documentNumber };
}

function isZero(amount: string | undefined): boolean {
  return amount === undefined || Number(amount) === 0;
}
