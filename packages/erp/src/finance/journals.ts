import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { nextNumber } from "../books/nextNumber.ts";
import { type JournalCode, postEntry } from "../books/postEntry.ts";
import { fromUnits, toUnits } from "./amounts.ts";
import { type EntryWithLines, getEntry } from "./entries.ts";

export type ManualJournalLine = {
  account_id: string;
  debit?: string | undefined;
  credit?: string | undefined;
  description?: string | null | undefined;
  customer_id?: string | null | undefined;
  vendor_id?: string | null | undefined;
};

export type ManualJournal = {
  date: string;
  description: string;
  reference?: string | null | undefined;
  lines: readonly ManualJournalLine[];
};

/** Manual journals are kept in the general journal (set_up_books creates it for every tenant). */
const manualJournal: JournalCode = "GEN";

/**
 * Saves a manual journal as a draft in the general journal. A draft has no number of the gapless
 * journal series yet (a draft may be deleted, which would leave a gap): it is `DRAFT-<its id>`,
 * unique by construction, and takes its JE number when posted. The draft is checked as a posting
 * would be (two lines or more, one side each, debits = credits, postable accounts, a fiscal
 * period covering the date), so posting it later fails only if its period has closed meanwhile.
 */
export async function createJournal(tx: TenantQueries, input: ManualJournal, actor: Actor): Promise<EntryWithLines> {
  const lines = checkedLines(input.lines);
  const periodId = await periodCovering(tx, input.date);
  await assertPostableAccounts(tx, lines);

  const entryId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    WITH new_entry AS (SELECT uuidv7() AS id)
    INSERT INTO journal_entries (id, entry_number, journal_id, fiscal_period_id, entry_date, description, reference, status, created_by)
    SELECT new_entry.id, 'DRAFT-' || new_entry.id, (SELECT id FROM journals WHERE code = ${manualJournal}), ${periodId},
      ${input.date}::date, ${input.description}, ${input.reference ?? null}, 'draft', ${actor.userId}::uuid
    FROM new_entry
    RETURNING id`);
  await insertLines(tx, entryId, lines);
  const created = await getEntry(tx, entryId);
  await recordAudit(tx, actor, { action: "create", entity: "journal_entries", entityId: entryId, after: created });
  return created;
}

/**
 * Changes a draft: any of its date, description, reference and lines (the lines are replaced as a
 * whole, checked as on create). A posted or reversed entry is refused by the books' trigger, in
 * its own sentence: nothing posted is ever edited, it is reversed.
 */
export async function updateJournal(
  tx: TenantQueries,
  input: { id: string; patch: Partial<ManualJournal> },
  actor: Actor,
): Promise<EntryWithLines> {
  const before = await getEntry(tx, (await lockedEntry(tx, input.id)).id);
  if (before.status !== "draft") {
    // The books' trigger refuses any change to a posted entry, in its own sentence.
    await tx.query(sql.unsafe`UPDATE journal_entries SET updated_at = now() WHERE id = ${input.id}`);
    throw new InvalidInputError(`Journal entry ${before.entry_number} is ${before.status}: only a draft can be changed.`);
  }
  const { patch } = input;
  const date = patch.date ?? before.entry_date;
  const periodId = patch.date === undefined ? before.fiscal_period_id : await periodCovering(tx, date);
  await tx.query(sql.unsafe`
    UPDATE journal_entries SET entry_date = ${date}::date, fiscal_period_id = ${periodId},
      description = ${patch.description ?? before.description},
      reference = ${patch.reference === undefined ? before.reference : patch.reference}, updated_at = now()
    WHERE id = ${input.id}`);
  if (patch.lines) {
    const lines = checkedLines(patch.lines);
    await assertPostableAccounts(tx, lines);
    await tx.query(sql.unsafe`DELETE FROM journal_lines WHERE journal_entry_id = ${input.id}`);
    await insertLines(tx, input.id, lines);
  }
  const after = await getEntry(tx, input.id);
  await recordAudit(tx, actor, { action: "update", entity: "journal_entries", entityId: input.id, before, after });
  return after;
}

/**
 * Posts a draft: it takes the next number of the journal series (gapless: taken inside this
 * transaction, given back if it rolls back), its posting stamp, and its ledger rows. The status
 * changes first, so the books' trigger checks the period before a number is taken: posting into
 * a closed period is refused by the database, in its own sentence naming the draft.
 */
export async function postJournal(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<EntryWithLines> {
  const draft = await lockedEntry(tx, input.id);
  if (draft.status !== "draft") {
    throw new InvalidInputError(`Journal entry ${draft.entry_number} is ${draft.status}: only a draft can be posted.`);
  }
  // An account may have become a header or inactive since the draft was saved.
  await assertPostableAccounts(tx, (await getEntry(tx, input.id)).lines);
  await tx.query(sql.unsafe`
    UPDATE journal_entries SET status = 'posted', posted_by = ${actor.userId}::uuid, posted_at = clock_timestamp(), updated_at = now()
    WHERE id = ${input.id}`);
  const entryNumber = await nextNumber(tx, "journal");
  await tx.query(sql.unsafe`UPDATE journal_entries SET entry_number = ${entryNumber} WHERE id = ${input.id}`);
  // Like postEntry: amounts in base currency, rounded like the columns; the ledger sets running balances.
  await tx.query(sql.unsafe`
    INSERT INTO general_ledger (account_id, journal_entry_id, journal_line_id, fiscal_period_id, cost_center_id, entry_date, debit,
      credit, running_balance, posted_at)
    SELECT l.account_id, e.id, l.id, e.fiscal_period_id, l.cost_center_id, e.entry_date, round(l.debit * l.exchange_rate, 4),
      round(l.credit * l.exchange_rate, 4), 0, e.posted_at
    FROM journal_entries e JOIN journal_lines l ON l.journal_entry_id = e.id
    WHERE e.id = ${input.id} ORDER BY l.line_number`);
  const posted = await getEntry(tx, input.id);
  await recordAudit(tx, actor, {
    action: "post",
    entity: "journal_entries",
    entityId: input.id,
    before: { status: draft.status, entry_number: draft.entry_number },
    after: { status: posted.status, entry_number: posted.entry_number, posted_at: posted.posted_at },
  });
  return posted;
}

/**
 * Reverses a posted entry: a new posted entry with every line's debit and credit swapped (same
 * accounts, amounts, currencies and tags), dated `date` (the original's date when left out),
 * pointing at the original (`reversal_of_id`) and at the original's source document; the original
 * becomes `reversed` (the one change the books allow on a posted entry). Returns the new entry.
 */
export async function reverseJournal(
  tx: TenantQueries,
  input: { id: string; date?: string | undefined },
  actor: Actor,
): Promise<EntryWithLines> {
  const original = await lockedEntry(tx, input.id);
  if (original.status === "draft") {
    throw new InvalidInputError(
      `Journal entry ${original.entry_number} is a draft: only a posted entry can be reversed (delete the draft instead).`,
    );
  }
  if (original.status === "reversed") {
    const by = await tx.maybeOneFirst(sql.type(z.object({ number: z.string() }))`
      SELECT entry_number AS number FROM journal_entries WHERE reversal_of_id = ${input.id} ORDER BY id LIMIT 1`);
    throw new InvalidInputError(
      `Journal entry ${original.entry_number} is already reversed${by ? ` by ${by}` : ""}: an entry is reversed once.`,
    );
  }
  const { lines } = await getEntry(tx, input.id);
  const description = `Reversal of ${original.entry_number}: ${original.description}`.slice(0, 500);
  const reversal = await postEntry(
    tx,
    {
      date: input.date ?? original.entry_date,
      journal: (original.journal_code ?? manualJournal) as JournalCode,
      description,
      reference: original.reference,
      source: original.source_type && original.source_id ? { type: original.source_type, id: original.source_id } : null,
      reversalOf: original.id,
      lines: lines.map((line) => ({
        account: { id: line.account_id },
        debit: line.credit,
        credit: line.debit,
        currency: line.currency,
        exchangeRate: line.exchange_rate,
        customerId: line.customer_id,
        vendorId: line.vendor_id,
        description: line.description,
      })),
    },
    actor,
  );
  await tx.query(sql.unsafe`UPDATE journal_entries SET status = 'reversed', updated_at = now() WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "reverse",
    entity: "journal_entries",
    entityId: original.id,
    before: { status: "posted" },
    after: { status: "reversed", reversed_by: reversal.id, reversal_number: reversal.entryNumber },
  });
  await recordAudit(tx, actor, {
    action: "post",
    entity: "journal_entries",
    entityId: reversal.id,
    after: { reversal_of_id: original.id },
  });
  return getEntry(tx, reversal.id);
}

/**
 * Deletes a draft (its lines go with it). A posted entry is refused by the books' trigger, in
 * its own sentence: nothing posted is ever deleted, it is reversed.
 */
export async function removeJournal(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<{ id: string }> {
  const entry = await lockedEntry(tx, input.id);
  await tx.query(sql.unsafe`DELETE FROM journal_entries WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "delete",
    entity: "journal_entries",
    entityId: input.id,
    before: { entry_number: entry.entry_number },
  });
  return { id: input.id };
}

const lockedRow = z.object({
  id: z.uuid(),
  entry_number: z.string(),
  status: z.enum(["draft", "posted", "reversed"]),
  entry_date: z.string(),
  description: z.string(),
  reference: z.string().nullable(),
  source_type: z.string().nullable(),
  source_id: z.uuid().nullable(),
  journal_code: z.string().nullable(),
});

async function lockedEntry(tx: TenantQueries, id: string): Promise<z.infer<typeof lockedRow>> {
  const entry = await tx.maybeOne(sql.type(lockedRow)`
    SELECT e.id, e.entry_number, e.status, e.entry_date, e.description, e.reference, e.source_type, e.source_id, j.code AS journal_code
    FROM journal_entries e LEFT JOIN journals j ON j.id = e.journal_id WHERE e.id = ${id} FOR UPDATE OF e`);
  if (!entry) throw new NotFoundError(`No journal entry has the id ${id}.`);
  return entry;
}

type CheckedLine = ManualJournalLine & { debit: string; credit: string };

/** Two lines or more, each a debit or a credit (> 0), and debits equal to credits: named by field. */
function checkedLines(lines: readonly ManualJournalLine[]): CheckedLine[] {
  if (lines.length < 2) throw new InvalidInputError("lines: a journal needs at least two lines.");
  let debits = 0n;
  let credits = 0n;
  const checked = lines.map((line, index) => {
    const debit = toUnits(line.debit, `lines.${index}.debit`);
    const credit = toUnits(line.credit, `lines.${index}.credit`);
    if (debit > 0n === credit > 0n) {
      throw new InvalidInputError(`lines.${index}: a line needs a debit or a credit greater than 0, not both.`);
    }
    debits += debit;
    credits += credit;
    return { ...line, debit: fromUnits(debit), credit: fromUnits(credit) };
  });
  if (debits !== credits) {
    throw new InvalidInputError(`lines: debits (${fromUnits(debits)}) and credits (${fromUnits(credits)}) must be equal.`);
  }
  return checked;
}

async function assertPostableAccounts(tx: TenantQueries, lines: readonly { account_id: string }[]): Promise<void> {
  const accounts = await tx.any(sql.type(
    z.object({ id: z.uuid(), code: z.string(), name: z.string(), is_postable: z.boolean(), is_active: z.boolean() }),
  )`
    SELECT id, code, name, is_postable, is_active FROM chart_of_accounts
    WHERE id = ANY(${sql.array(
      lines.map((line) => line.account_id),
      "uuid",
    )})`);
  const byId = new Map(accounts.map((account) => [account.id, account]));
  for (const [index, line] of lines.entries()) {
    const account = byId.get(line.account_id);
    if (!account) throw new InvalidInputError(`lines.${index}.account_id: no account has the id ${line.account_id}.`);
    if (!account.is_postable) {
      throw new InvalidInputError(
        `lines.${index}.account_id: account ${account.code} ${account.name} is a header account and takes no postings.`,
      );
    }
    if (!account.is_active) throw new InvalidInputError(`lines.${index}.account_id: account ${account.code} ${account.name} is inactive.`);
  }
}

async function periodCovering(tx: TenantQueries, date: string): Promise<string> {
  const periodId = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT id FROM fiscal_periods WHERE ${date}::date BETWEEN start_date AND end_date AND NOT is_adjustment`);
  if (!periodId) throw new InvalidInputError(`date: no fiscal period covers ${date}; open its fiscal year first.`);
  return periodId;
}

async function insertLines(tx: TenantQueries, entryId: string, lines: readonly CheckedLine[]): Promise<void> {
  await tx.query(sql.unsafe`
    INSERT INTO journal_lines (journal_entry_id, line_number, account_id, debit, credit, description, customer_id, vendor_id)
    SELECT ${entryId}, line_number, account_id, debit, credit, description, customer_id, vendor_id
    FROM ${sql.unnest(
      lines.map((line, index) => [
        index + 1,
        line.account_id,
        line.debit,
        line.credit,
        line.description ?? null,
        line.customer_id ?? null,
        line.vendor_id ?? null,
      ]),
      ["int4", "uuid", "numeric", "numeric", "text", "uuid", "uuid"],
    )} AS l(line_number, account_id, debit, credit, description, customer_id, vendor_id)`);
}
