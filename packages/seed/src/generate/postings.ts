import type { NewRow } from "../db/seedTables.ts";
import { Calendar } from "./calendar.ts";
import { decimal } from "./money.ts";

type LedgerLine = { accountId: string; debitCents: number; creditCents: number; row: NewRow<"general_ledger"> };
type PendingEntry = { at: Date; entry: NewRow<"journal_entries">; lines: LedgerLine[] };

/**
 * Journal entries waiting to be posted. Posting gives them a strict order (posted_at strictly
 * increasing, one entry at a time), which is the order the general ledger's running balances
 * follow. It happens last, when the batch holds the tenant's ledger: demo entries are posted when
 * their business event happened; later batches after everything already in the ledger, as a back
 * office catching up would.
 */
export class Postings {
  private readonly pending: PendingEntry[] = [];

  /** Entries must be added in the order of their events. */
  add(at: Date, entry: NewRow<"journal_entries">, lines: LedgerLine[]): void {
    this.pending.push({ at, entry, lines });
  }

  /**
   * Sets posted_at on each entry and its ledger rows (after `after`, one second apart at least)
   * and each ledger row's running balance: debit − credit, cumulated per account from `opening`.
   */
  post(after: Date | null, opening: ReadonlyMap<string, number>): void {
    let last = after ? after.getTime() : Number.NEGATIVE_INFINITY;
    const balances = new Map(opening);
    for (const { at, entry, lines } of this.pending) {
      last = Math.max(at.getTime(), last + 1000);
      const postedAt = Calendar.at(new Date(last));
      entry.posted_at = postedAt;
      for (const line of lines) {
        const balance = (balances.get(line.accountId) ?? 0) + line.debitCents - line.creditCents;
        balances.set(line.accountId, balance);
        line.row.posted_at = postedAt;
        line.row.running_balance = decimal(balance);
      }
    }
  }
}
