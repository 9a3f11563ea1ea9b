import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { createPurchaseOrder, type PurchaseOrderWithLines } from "./purchaseOrders.ts";

export const reorderSuggestion = z.object({
  product_id: z.uuid(),
  product_variant_id: z.uuid().nullable(),
  warehouse_id: z.uuid(),
  sku: z.string(),
  quantity_available: z.string(),
  reorder_point: z.string(),
  /** Ordered on approved or sent purchase orders and not received yet. */
  quantity_on_order: z.string(),
  /** What to order: the reorder quantity, or enough to reach the reorder point when that is more. */
  suggested_quantity: z.string(),
  /** The preferred vendor (vendor_products.is_preferred, the variant's own entry first); null when there is none. */
  vendor_id: z.uuid().nullable(),
});
export type ReorderSuggestion = z.infer<typeof reorderSuggestion>;

/**
 * Stock rows (variant and warehouse) whose available quantity plus what is already on order is
 * below their reorder point (a reorder point of 0 means "do not reorder"), with the quantity to
 * order and the preferred vendor.
 */
export async function reorderSuggestions(tx: TenantQueries, input: { warehouse_id?: string | undefined }): Promise<ReorderSuggestion[]> {
  const rows = await tx.any(sql.type(reorderSuggestion)`
    SELECT i.product_id, i.product_variant_id, i.warehouse_id, coalesce(v.sku, p.sku) AS sku,
      i.quantity_available::text AS quantity_available, i.reorder_point::text AS reorder_point,
      coalesce(o.quantity, 0)::numeric(18,4)::text AS quantity_on_order,
      greatest(i.reorder_quantity, i.reorder_point - i.quantity_available - coalesce(o.quantity, 0))::numeric(18,4)::text AS suggested_quantity,
      vp.vendor_id
    FROM inventory i
    JOIN products p ON p.id = i.product_id
    LEFT JOIN product_variants v ON v.id = i.product_variant_id
    LEFT JOIN LATERAL (
      SELECT sum(greatest(poi.quantity_ordered - poi.quantity_received, 0)) AS quantity
      FROM purchase_order_items poi JOIN purchase_orders po ON po.id = poi.purchase_order_id
      WHERE po.status IN ('draft', 'approved', 'sent', 'partially_received') AND po.warehouse_id = i.warehouse_id
        AND poi.product_id = i.product_id AND poi.product_variant_id IS NOT DISTINCT FROM i.product_variant_id
    ) o ON true
    LEFT JOIN LATERAL (
      SELECT vendor_id FROM vendor_products
      WHERE product_id = i.product_id AND is_preferred AND is_active
        AND (product_variant_id = i.product_variant_id OR product_variant_id IS NULL)
      ORDER BY product_variant_id IS NULL, id LIMIT 1
    ) vp ON true
    WHERE i.reorder_point > 0 AND i.quantity_available + coalesce(o.quantity, 0) < i.reorder_point
      AND (${input.warehouse_id ?? null}::uuid IS NULL OR i.warehouse_id = ${input.warehouse_id ?? null}::uuid)
    ORDER BY vp.vendor_id, i.warehouse_id, sku`);
  return [...rows];
}

export const reorderResult = z.object({
  /** Ids of the draft purchase orders created, one per preferred vendor and warehouse. */
  purchase_order_ids: z.array(z.uuid()),
  /** Suggestions left out: no preferred vendor. */
  without_vendor: z.array(reorderSuggestion),
});

/**
 * Turns the reorder suggestions into draft purchase orders, one per preferred vendor and
 * warehouse, priced like any other order (createPurchaseOrder). Drafts count as on order, so
 * running it twice creates nothing new.
 */
export async function createReorderPurchaseOrders(
  tx: TenantQueries,
  input: { warehouse_id?: string | undefined },
  actor: Actor,
): Promise<z.infer<typeof reorderResult>> {
  const suggestions = await reorderSuggestions(tx, input);
  const groups = new Map<string, ReorderSuggestion[]>();
  const withoutVendor: ReorderSuggestion[] = [];
  for (const suggestion of suggestions) {
    if (!suggestion.vendor_id) {
      withoutVendor.push(suggestion);
      continue;
    }
    const key = `${suggestion.vendor_id}/${suggestion.warehouse_id}`;
    groups.set(key, [...(groups.get(key) ?? []), suggestion]);
  }
  const created: PurchaseOrderWithLines[] = [];
  for (const group of groups.values()) {
    const first = group[0] as ReorderSuggestion;
    created.push(
      await createPurchaseOrder(
        tx,
        {
          vendor_id: first.vendor_id as string,
          warehouse_id: first.warehouse_id,
          notes: "Reorder: stock below its reorder point.",
          lines: group.map((suggestion) => ({
            product_id: suggestion.product_id,
            product_variant_id: suggestion.product_variant_id,
            quantity: suggestion.suggested_quantity,
          })),
        },
        actor,
      ),
    );
  }
  return { purchase_order_ids: created.map((order) => order.id), without_vendor: withoutVendor };
}
