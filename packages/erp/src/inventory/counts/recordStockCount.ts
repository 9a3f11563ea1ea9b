import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { loadStockCount, type StockCountWithLines } from "./loadStockCount.ts";

export type RecordStockCountInput = {
  id: string;
  /** Counted quantities of some lines of the sheet (partial entry; a line counted again takes the new figure). */
  lines: readonly { item_id: string; counted_quantity: string; note?: string | null | undefined }[];
};

const lockedCount = z.object({ number: z.string(), status: z.string(), warehouseId: z.uuid() });
const sheetLine = z.object({ id: z.uuid(), productId: z.uuid(), variantId: z.uuid().nullable(), binId: z.uuid().nullable() });

/**
 * Enters counted quantities. The rule that makes a count right while the warehouse keeps working:
 * a count states what was on the shelf when the line was counted, so each line records, with its
 * counted quantity, the book quantity of that moment (the stock level, or the bin's quantity for
 * a bin line), read under a share lock of the stock row so no movement is half-way. Posting
 * adjusts by counted − book quantity; movements made after the line was counted stay as they are.
 * Only counts in progress take figures.
 */
export async function recordStockCount(tx: TenantQueries, input: RecordStockCountInput, actor: Actor): Promise<StockCountWithLines> {
  const count = await tx.maybeOne(sql.type(lockedCount)`
    SELECT count_number AS number, status, warehouse_id AS "warehouseId" FROM stock_counts WHERE id = ${input.id} FOR UPDATE`);
  if (!count) throw new NotFoundError(`No stock count has the id ${input.id}.`);
  if (count.status !== "in_progress") {
    throw new InvalidInputError(
      `Stock count ${count.number} is ${count.status.replace("_", " ")}: only counts in progress take counted quantities.`,
    );
  }
  if (input.lines.length === 0) throw new InvalidInputError("lines: name at least one line of the count sheet.");
  const sheet = await tx.any(sql.type(sheetLine)`
    SELECT id, product_id AS "productId", product_variant_id AS "variantId", bin_id AS "binId"
    FROM stock_count_items WHERE stock_count_id = ${input.id}`);
  const seen = new Set<string>();
  const wanted = input.lines.map((line, index) => {
    const item = sheet.find((candidate) => candidate.id === line.item_id);
    if (!item) throw new NotFoundError(`lines.${index}.item_id: stock count ${count.number} has no line ${line.item_id}.`);
    if (seen.has(item.id)) throw new InvalidInputError(`lines.${index}.item_id: line ${item.id} is named twice.`);
    seen.add(item.id);
    return { item, line };
  });
  // The stock rows of the lines, share-locked in a fixed order: a movement in flight finishes first,
  // and one that starts after waits until this transaction has recorded the book quantity.
  await tx.query(sql.unsafe`
    SELECT 1 FROM inventory i
    JOIN ${sql.unnest(
      wanted.map(({ item }) => [item.productId, item.variantId]),
      ["uuid", "uuid"],
    )} AS l(product_id, product_variant_id)
      ON i.product_id = l.product_id AND i.product_variant_id IS NOT DISTINCT FROM l.product_variant_id
    WHERE i.warehouse_id = ${count.warehouseId}
    ORDER BY i.id FOR SHARE OF i`);
  await tx.query(sql.unsafe`
    UPDATE stock_count_items c SET counted_quantity = l.counted, counted_at = now(), counted_by = ${actor.userId}::uuid,
      note = coalesce(l.note, c.note), updated_at = now(),
      book_quantity = CASE WHEN c.bin_id IS NULL THEN
          coalesce((SELECT quantity_on_hand FROM inventory i WHERE i.product_id = c.product_id
            AND i.product_variant_id IS NOT DISTINCT FROM c.product_variant_id AND i.warehouse_id = ${count.warehouseId}), 0)
        ELSE
          coalesce((SELECT sum(quantity) FROM stock_items s WHERE s.product_id = c.product_id
            AND s.product_variant_id IS NOT DISTINCT FROM c.product_variant_id AND s.bin_id = c.bin_id), 0)
        END
    FROM ${sql.unnest(
      wanted.map(({ item, line }) => [item.id, line.counted_quantity, line.note ?? null]),
      ["uuid", "numeric", "text"],
    )} AS l(id, counted, note)
    WHERE c.id = l.id`);
  await recordAudit(tx, actor, {
    action: "count",
    entity: "stock_counts",
    entityId: input.id,
    after: { lines: wanted.map(({ item, line }) => ({ item_id: item.id, counted_quantity: line.counted_quantity })) },
  });
  return loadStockCount(tx, input.id);
}
