import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { type JournalCode, type PostedEntry, postEntry } from "../../books/postEntry.ts";

const originalLine = z.object({
  accountId: z.uuid(),
  debit: z.string(),
  credit: z.string(),
  currency: z.string(),
  exchangeRate: z.string(),
  customerId: z.uuid().nullable(),
  vendorId: z.uuid().nullable(),
  description: z.string().nullable(),
});

/**
 * Reverses a posted entry: a new posted entry on `date` with every line's debit and credit
 * swapped (same accounts and tags), pointing back with reversal_of_id; the original becomes
 * 'reversed' (the only change the books' guard allows on a posted entry).
 */
export async function reverseEntry(
  tx: TenantQueries,
  entryId: string,
  reversal: { date: string; description: string; source: { type: string; id: string } },
  actor: Actor,
): Promise<PostedEntry> {
  const head = await tx.one(sql.type(z.object({ journal: z.string(), reference: z.string().nullable() }))`
    SELECT j.code AS journal, e.reference FROM journal_entries e JOIN journals j ON j.id = e.journal_id WHERE e.id = ${entryId}`);
  const lines = await tx.any(sql.type(originalLine)`
    SELECT account_id AS "accountId", debit::text, credit::text, currency::text, exchange_rate::text AS "exchangeRate",
      customer_id AS "customerId", vendor_id AS "vendorId", description
    FROM journal_lines WHERE journal_entry_id = ${entryId} ORDER BY line_number`);
  const entry = await postEntry(
    tx,
    {
      date: reversal.date,
      journal: head.journal as JournalCode,
      description: reversal.description,
      reference: head.reference,
      source: reversal.source,
      reversalOf: entryId,
      lines: lines.map((line) => ({
        account: { id: line.accountId },
        debit: line.credit,
        credit: line.debit,
        currency: line.currency,
        exchangeRate: line.exchangeRate,
        customerId: line.customerId,
        vendorId: line.vendorId,
        description: line.description,
      })),
    },
    actor,
  );
  await tx.query(sql.unsafe`UPDATE journal_entries SET status = 'reversed', updated_at = now() WHERE id = ${entryId}`);
  return entry;
}
