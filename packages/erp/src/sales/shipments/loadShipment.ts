import { NotFoundError, type TenantQueries } from "@erp/db";
import { shipmentItemsColumns, shipmentItemsRow, shipmentsColumns, shipmentsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** A shipment with its lines (each with the unit cost it left the warehouse at), as every sales.shipments procedure answers. */
export const shipmentWithLines = shipmentsRow.extend({ lines: z.array(shipmentItemsRow) });
export type ShipmentWithLines = z.infer<typeof shipmentWithLines>;

/** The shipment and its lines; NotFoundError when the tenant has no such shipment. */
export async function loadShipment(tx: TenantQueries, shipmentId: string): Promise<ShipmentWithLines> {
  const [shipment, lines] = await Promise.all([
    tx.maybeOne(sql.type(shipmentsRow)`SELECT ${shipmentsColumns} FROM shipments WHERE id = ${shipmentId}`),
    tx.any(sql.type(shipmentItemsRow)`SELECT ${shipmentItemsColumns} FROM shipment_items WHERE shipment_id = ${shipmentId} ORDER BY id`),
  ]);
  if (!shipment) throw new NotFoundError(`No shipment has the id ${shipmentId}.`);
  return { ...shipment, lines: [...lines] };
}

export type ShipmentFilter = { order_id?: string | undefined; cursor?: string | undefined; limit: number };

/** Shipments (without lines), oldest first, one page: `limit` rows and the cursor of the next page (null on the last). */
export async function listShipments(
  tx: TenantQueries,
  filter: ShipmentFilter,
): Promise<{ items: z.infer<typeof shipmentsRow>[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.order_id) conditions.push(sql.fragment`order_id = ${filter.order_id}`);
  const rows = await tx.any(sql.type(shipmentsRow)`
    SELECT ${shipmentsColumns} FROM shipments WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
