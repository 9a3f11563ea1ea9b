import type { TenantQueries } from "@erp/db";
import type { Actor } from "../actor.ts";
import { type DocumentToNumber, numberDocument } from "../books/numberDocument.ts";
import { type PostedEntry, type PostingLine, postEntry } from "../books/postEntry.ts";
import type { PostingPurpose } from "../books/postingAccounts.ts";
import { formatUnits, toUnits } from "./decimalUnits.ts";

export type StockValuePosting = {
  description: string;
  reference?: string | null;
  source: { type: string; id: string };
  /** What the inventory account moves by (signed; the change of the stock rows' worth, see moveStock). */
  inventoryChange: string;
  /** The account on the other side and what it moves by (signed like inventoryChange: positive = stock came in). */
  counter: { account: PostingPurpose; amount: string };
};

/**
 * Posts a stock movement's value in the inventory journal: Dr/Cr inventory by the change of the
 * stock's worth, Cr/Dr the counter account by the movement's own value, and the difference (the
 * moving average's rounding, at most a few ten-thousandths) to inventory adjustments, so the
 * inventory account keeps equal to the stock's worth. Nothing is posted when nothing moved in value
 * (goods at cost 0); a `document` is then numbered on its own. Dated today (the database's date).
 * Returns the entry (null when nothing was posted) and the document's number.
 */
export async function postStockValue(
  tx: TenantQueries,
  posting: StockValuePosting,
  actor: Actor,
  document?: DocumentToNumber,
): Promise<{ entry: PostedEntry | null; documentNumber: string | null }> {
  const inventory = toUnits(posting.inventoryChange);
  const counter = toUnits(posting.counter.amount);
  const rounding = inventory - counter;
  if (inventory === 0n && counter === 0n) {
    return { entry: null, documentNumber: document ? await numberDocument(tx, document) : null };
  }
  const side = (account: PostingPurpose, units: bigint, description?: string): PostingLine =>
    units >= 0n
      ? { account, debit: formatUnits(units), description: description ?? null }
      : { account, credit: formatUnits(-units), description: description ?? null };
  const lines: PostingLine[] = [side("inventory", inventory), side(posting.counter.account, -counter)];
  if (rounding !== 0n) lines.push(side("inventory_adjustment", -rounding, "moving-average rounding"));
  const entry = await postEntry(
    tx,
    { journal: "INV", description: posting.description, reference: posting.reference ?? null, source: posting.source, lines },
    actor,
    { document },
  );
  return { entry, documentNumber: entry.documentNumber };
}
