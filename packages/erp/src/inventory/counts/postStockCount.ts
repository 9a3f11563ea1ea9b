import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { formatUnits, sumUnits, toUnits } from "../decimalUnits.ts";
import { moveStock, resolveStockKey } from "../moveStock.ts";
import { postStockValue } from "../postStockValue.ts";
import { loadStockCount, type StockCountWithLines } from "./loadStockCount.ts";

const lockedCount = z.object({ number: z.string(), status: z.string(), warehouseId: z.uuid() });
const countedLine = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  variantId: z.uuid().nullable(),
  binId: z.uuid().nullable(),
  counted: z.string(),
  book: z.string(),
});

/**
 * Posts a count in one transaction: per counted line, the difference counted − book quantity at
 * the moment of counting (recordStockCount) becomes an `adjustment` movement (reference: the
 * count; a bin line corrects its bin) at the row's moving average, and the value of all
 * differences is posted as one entry, Dr/Cr inventory against inventory adjustments (source: the
 * count). Lines never counted change nothing. The count becomes posted, and the database keeps it
 * so (stock_counts_posted_frozen). A difference that would take more than the stock row has left
 * unreserved (goods that left after they were counted as missing) is refused with CONFLICT.
 */
export async function postStockCount(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<StockCountWithLines> {
  const count = await lockCount(tx, input.id);
  if (count.status !== "in_progress") {
    throw new InvalidInputError(`Stock count ${count.number} is ${count.status.replace("_", " ")}: only counts in progress can be posted.`);
  }
  const lines = await tx.any(sql.type(countedLine)`
    SELECT id, product_id AS "productId", product_variant_id AS "variantId", bin_id AS "binId",
      counted_quantity::text AS counted, book_quantity::text AS book
    FROM stock_count_items WHERE stock_count_id = ${input.id} AND counted_quantity IS NOT NULL
    ORDER BY product_id, product_variant_id NULLS FIRST, bin_id NULLS FIRST`);
  if (lines.length === 0) throw new InvalidInputError(`Stock count ${count.number} has no counted line: record counted quantities first.`);

  const reference = { type: "stock_count", id: input.id };
  const valueChanges: string[] = [];
  const costs: [string, string][] = [];
  for (const line of lines) {
    const difference = toUnits(line.counted) - toUnits(line.book);
    if (difference === 0n) continue;
    const key = { product_id: line.productId, product_variant_id: line.variantId, warehouse_id: count.warehouseId };
    const { sku } = await resolveStockKey(tx, key);
    const moved = await moveStock(
      tx,
      key,
      sku,
      { type: "adjustment", change: formatUnits(difference), binId: line.binId, note: `Stock count ${count.number}`, reference },
      actor,
    );
    valueChanges.push(moved.valueChange);
    costs.push([line.id, moved.unitCost]);
  }
  if (costs.length > 0) {
    await tx.query(sql.unsafe`
      UPDATE stock_count_items c SET unit_cost = l.unit_cost, updated_at = now()
      FROM ${sql.unnest(costs, ["uuid", "numeric"])} AS l(id, unit_cost) WHERE c.id = l.id`);
  }
  await tx.query(sql.unsafe`
    UPDATE inventory i SET last_counted_at = now()
    FROM stock_count_items c
    WHERE c.stock_count_id = ${input.id} AND c.counted_quantity IS NOT NULL AND i.warehouse_id = ${count.warehouseId}
      AND i.product_id = c.product_id AND i.product_variant_id IS NOT DISTINCT FROM c.product_variant_id`);
  const value = sumUnits(valueChanges);
  await tx.query(sql.unsafe`
    UPDATE stock_counts SET status = 'posted', posted_at = now(), completed_at = now(), approved_by = ${actor.userId}::uuid, updated_at = now()
    WHERE id = ${input.id}`);
  await postStockValue(
    tx,
    {
      description: `Stock count ${count.number}: ${costs.length} difference(s)`,
      reference: count.number,
      source: reference,
      inventoryChange: value,
      counter: { account: "inventory_adjustment", amount: value },
    },
    actor,
  );
  await recordAudit(tx, actor, {
    action: "post",
    entity: "stock_counts",
    entityId: input.id,
    before: { status: count.status },
    after: { status: "posted", differences: costs.length, value },
  });
  return loadStockCount(tx, input.id);
}

/** Cancels a count in progress: nothing moves, and the count stays as it was, final. */
export async function cancelStockCount(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<StockCountWithLines> {
  const count = await lockCount(tx, input.id);
  if (count.status !== "in_progress" && count.status !== "draft") {
    throw new InvalidInputError(
      `Stock count ${count.number} is ${count.status.replace("_", " ")}: only counts in progress can be cancelled.`,
    );
  }
  await tx.query(sql.unsafe`UPDATE stock_counts SET status = 'cancelled', completed_at = now(), updated_at = now() WHERE id = ${input.id}`);
  await recordAudit(tx, actor, {
    action: "cancel",
    entity: "stock_counts",
    entityId: input.id,
    before: { status: count.status },
    after: { status: "cancelled" },
  });
  return loadStockCount(tx, input.id);
}

async function lockCount(tx: TenantQueries, countId: string): Promise<z.infer<typeof lockedCount>> {
  const count = await tx.maybeOne(sql.type(lockedCount)`
    SELECT count_number AS number, status, warehouse_id AS "warehouseId" FROM stock_counts WHERE id = ${countId} FOR UPDATE`);
  if (!count) throw new NotFoundError(`No stock count has the id ${countId}.`);
  return count;
}
