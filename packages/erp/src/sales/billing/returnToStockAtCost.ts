import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";

export type ReturnToStock = {
  productId: string;
  variantId: string | null;
  warehouseId: string;
  quantity: string;
  /** The cost the goods left with: they come back at it, so the return undoes the sale's cost exactly. */
  unitCost: string;
  reference: { type: string; id: string };
  userId: string | null;
};

/**
 * Goods coming back into stock at a known cost, with the moving average kept: on hand += qty and
 * average_cost = round((on_hand × average + qty × cost) / (on_hand + qty), 4), in one statement
 * under the stock row's lock, plus a 'return' movement carrying the unit cost. The one place
 * billing touches stock costing; to be consolidated with the stock module's receipt costing.
 */
export async function returnToStockAtCost(tx: TenantQueries, stock: ReturnToStock): Promise<{ averageCost: string }> {
  return tx.one(sql.type(z.object({ averageCost: z.string() }))`
    WITH stocked AS (
      INSERT INTO inventory AS i (product_id, product_variant_id, warehouse_id, quantity_on_hand, average_cost, last_movement_at)
      VALUES (${stock.productId}, ${stock.variantId}::uuid, ${stock.warehouseId}, ${stock.quantity}::numeric, ${stock.unitCost}::numeric, now())
      ON CONFLICT ON CONSTRAINT inventory_product_variant_warehouse_key DO UPDATE
      SET average_cost = CASE WHEN i.quantity_on_hand + excluded.quantity_on_hand = 0 THEN excluded.average_cost
          ELSE round((i.quantity_on_hand * i.average_cost + excluded.quantity_on_hand * excluded.average_cost)
            / (i.quantity_on_hand + excluded.quantity_on_hand), 4) END,
        quantity_on_hand = i.quantity_on_hand + excluded.quantity_on_hand, last_movement_at = now(), updated_at = now()
      RETURNING average_cost
    ), movement AS (
      INSERT INTO stock_movements (product_id, product_variant_id, warehouse_id, movement_type, quantity, unit_cost, reference_type,
        reference_id, created_by)
      VALUES (${stock.productId}, ${stock.variantId}::uuid, ${stock.warehouseId}, 'return', ${stock.quantity}::numeric,
        ${stock.unitCost}::numeric, ${stock.reference.type}, ${stock.reference.id}, ${stock.userId}::uuid)
    )
    SELECT average_cost::text AS "averageCost" FROM stocked`);
}
