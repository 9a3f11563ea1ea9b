import { NotFoundError, type TenantQueries } from "@erp/db";
import { journalEntriesRow, type journalEntriesStatus, journalLinesRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** An entry as callers see it: the posting stamp (a transaction id) stays inside the database. */
export const entrySummary = journalEntriesRow.omit({ posted_xact: true }).extend({ journal_code: z.string().nullable() });
export type EntrySummary = z.infer<typeof entrySummary>;

export const entryLine = journalLinesRow.extend({ account_code: z.string(), account_name: z.string() });
export const entryWithLines = entrySummary.extend({ lines: z.array(entryLine) });
export type EntryWithLines = z.infer<typeof entryWithLines>;

const summaryColumns = sql.fragment`e.id, e.entry_number, e.journal_id, e.fiscal_period_id, e.entry_date, e.description, e.reference,
  e.status, e.source_type, e.source_id, e.reversal_of_id, e.created_by, e.posted_by, e.posted_at, e.created_at, e.updated_at,
  j.code AS journal_code`;

export type EntryFilters = {
  cursor?: string | undefined;
  limit: number;
  period_id?: string | undefined;
  source_type?: string | undefined;
  status?: z.infer<typeof journalEntriesStatus> | undefined;
};

/** Entries without their lines, oldest first (ids are time-ordered), a page at a time. */
export async function listEntries(tx: TenantQueries, input: EntryFilters): Promise<{ items: EntrySummary[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`e.id > ${input.cursor}`);
  if (input.period_id) conditions.push(sql.fragment`e.fiscal_period_id = ${input.period_id}`);
  if (input.source_type) conditions.push(sql.fragment`e.source_type = ${input.source_type}`);
  if (input.status) conditions.push(sql.fragment`e.status = ${input.status}`);
  const rows = await tx.any(sql.type(entrySummary)`
    SELECT ${summaryColumns} FROM journal_entries e LEFT JOIN journals j ON j.id = e.journal_id
    WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY e.id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** One entry with its lines (in line order) and each line's account code and name. */
export async function getEntry(tx: TenantQueries, id: string): Promise<EntryWithLines> {
  const entry = await tx.maybeOne(sql.type(entrySummary)`
    SELECT ${summaryColumns} FROM journal_entries e LEFT JOIN journals j ON j.id = e.journal_id WHERE e.id = ${id}`);
  if (!entry) throw new NotFoundError(`No journal entry has the id ${id}.`);
  const lines = await tx.any(sql.type(entryLine)`
    SELECT l.id, l.journal_entry_id, l.line_number, l.account_id, l.cost_center_id, l.customer_id, l.vendor_id, l.description,
      l.debit, l.credit, l.currency, l.exchange_rate, l.created_at, l.updated_at, a.code AS account_code, a.name AS account_name
    FROM journal_lines l JOIN chart_of_accounts a ON a.id = l.account_id
    WHERE l.journal_entry_id = ${id} ORDER BY l.line_number`);
  return { ...entry, lines: [...lines] };
}
