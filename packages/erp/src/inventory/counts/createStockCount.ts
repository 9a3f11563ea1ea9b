import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import type { stockCountsKind } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { nextNumber } from "../../books/nextNumber.ts";
import { loadStockCount, type StockCountWithLines } from "./loadStockCount.ts";

export type CreateStockCountInput = {
  warehouse_id: string;
  /** Count one zone: its bins' stock, one line per variant and bin. The whole warehouse (one line per variant) when left out. */
  zone_id?: string | null | undefined;
  kind?: z.infer<typeof stockCountsKind> | undefined;
  note?: string | null | undefined;
};

const place = z.object({ warehouse: z.boolean(), zoneWarehouseId: z.uuid().nullable() });

/**
 * Starts a count (status in_progress): a count sheet listing what the books hold at this moment,
 * per variant in the warehouse (its stock levels), or per variant and bin for one zone (the
 * bins' stock). The expected quantity is only the picture at the start; the count freezes
 * nothing, and posting compares each line with the book quantity of the moment it was counted
 * (recordStockCount). Numbered from the gapless stock count series.
 */
export async function createStockCount(tx: TenantQueries, input: CreateStockCountInput, actor: Actor): Promise<StockCountWithLines> {
  const found = await tx.one(sql.type(place)`
    SELECT EXISTS (SELECT 1 FROM warehouses WHERE id = ${input.warehouse_id}) AS warehouse,
      (SELECT warehouse_id FROM zones WHERE id = ${input.zone_id ?? null}::uuid) AS "zoneWarehouseId"`);
  if (!found.warehouse) throw new NotFoundError(`No warehouse has the id ${input.warehouse_id}.`);
  if (input.zone_id) {
    if (!found.zoneWarehouseId) throw new NotFoundError(`No zone has the id ${input.zone_id}.`);
    if (found.zoneWarehouseId !== input.warehouse_id) {
      throw new InvalidInputError(`zone_id: zone ${input.zone_id} is not a zone of warehouse ${input.warehouse_id}.`);
    }
  }
  const number = await nextNumber(tx, "stock_count");
  const sheet = input.zone_id
    ? sql.fragment`
        SELECT si.product_id, si.product_variant_id, si.bin_id, sum(si.quantity) AS expected
        FROM stock_items si JOIN bins b ON b.id = si.bin_id
        WHERE b.zone_id = ${input.zone_id} AND si.warehouse_id = ${input.warehouse_id}
        GROUP BY si.product_id, si.product_variant_id, si.bin_id`
    : sql.fragment`
        SELECT product_id, product_variant_id, NULL::uuid AS bin_id, quantity_on_hand AS expected
        FROM inventory WHERE warehouse_id = ${input.warehouse_id}`;
  const created = await tx.one(sql.type(z.object({ id: z.uuid(), lines: z.number() }))`
    WITH count AS (
      INSERT INTO stock_counts (count_number, warehouse_id, zone_id, kind, status, started_at, note, assigned_to)
      VALUES (${number}, ${input.warehouse_id}, ${input.zone_id ?? null}::uuid, ${input.kind ?? "cycle"}, 'in_progress', now(),
        ${input.note ?? null}, ${actor.userId}::uuid)
      RETURNING id
    ), items AS (
      INSERT INTO stock_count_items (stock_count_id, product_id, product_variant_id, bin_id, expected_quantity)
      SELECT count.id, sheet.product_id, sheet.product_variant_id, sheet.bin_id, sheet.expected
      FROM count, (${sheet}) sheet
      RETURNING id
    )
    SELECT count.id, (SELECT count(*)::integer FROM items) AS lines FROM count`);
  if (created.lines === 0) {
    throw new InvalidInputError(
      input.zone_id
        ? `zone_id: zone ${input.zone_id} holds no stock in its bins: nothing to count.`
        : `warehouse_id: warehouse ${input.warehouse_id} has no stock rows: nothing to count.`,
    );
  }
  await recordAudit(tx, actor, {
    action: "create",
    entity: "stock_counts",
    entityId: created.id,
    after: { count_number: number, warehouse_id: input.warehouse_id, zone_id: input.zone_id ?? null, lines: created.lines },
  });
  return loadStockCount(tx, created.id);
}
