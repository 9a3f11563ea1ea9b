import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { applyOrderToSalesRollups } from "../../analytics/applyOrderToSalesRollups.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { keepBinStock } from "../../inventory/binStock.ts";
import { createShipment } from "../shipments/createShipment.ts";
import { assertWithinCreditLimit } from "./checkCredit.ts";
import { loadOrder, type OrderWithLines } from "./loadOrder.ts";

const releasedStock = z.object({
  product_id: z.uuid(),
  product_variant_id: z.uuid().nullable(),
  warehouse_id: z.uuid(),
  quantity: z.string(),
  sku: z.string(),
});

export type OrderStatus = "draft" | "confirmed" | "partially_shipped" | "shipped" | "delivered" | "cancelled";
export type OrderAction = "confirm" | "ship" | "deliver" | "cancel";

/**
 * draft → confirmed → (partially_shipped →) shipped → delivered; draft or confirmed → cancelled.
 * Shipping is done by shipments (createShipment), which move an order to partially_shipped or
 * shipped; `ship` here ships everything left. Nothing else.
 */
export const orderTransitions: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  confirm: { from: ["draft"], to: "confirmed" },
  ship: { from: ["confirmed", "partially_shipped"], to: "shipped" },
  deliver: { from: ["shipped"], to: "delivered" },
  cancel: { from: ["draft", "confirmed"], to: "cancelled" },
};

export type OrderTransition = {
  action: OrderAction;
  note?: string | null | undefined;
  /** Confirm beyond the customer's credit limit (the caller has checked the user may: sales.override). */
  overrideCredit?: boolean;
};

/**
 * Moves an order along its life cycle, with what each step does: confirming checks the
 * customer's credit limit; shipping ships everything not yet shipped (one shipment); cancelling
 * releases the reserved stock. The order row is locked first. An illegal step is an
 * InvalidInputError naming both states; every step writes the order's history and an audit row.
 */
export async function changeOrderStatus(
  tx: TenantQueries,
  orderId: string,
  transition: OrderTransition,
  actor: Actor,
): Promise<OrderWithLines> {
  const { action } = transition;
  const note = transition.note ?? null;
  const current = await tx.maybeOne(
    sql.type(z.object({ status: z.string(), number: z.string() }))`
      SELECT status, order_number AS number FROM orders WHERE id = ${orderId} FOR UPDATE`,
  );
  if (!current) throw new NotFoundError(`No order has the id ${orderId}.`);
  const { from, to } = orderTransitions[action];
  if (action === "cancel" && current.status === "partially_shipped") {
    throw new InvalidInputError(
      `Order ${current.number} is partially shipped and cannot be cancelled: ship the rest, or take what shipped back as a return first.`,
    );
  }
  if (!from.includes(current.status as OrderStatus)) {
    throw new InvalidInputError(
      `Order ${current.number} cannot go from ${current.status} to ${to}: only ${from.join(" or ")} orders can be ${to}.`,
    );
  }

  if (action === "ship") {
    await createShipment(tx, { order_id: orderId }, actor);
    return loadOrder(tx, orderId);
  }
  if (action === "confirm") await assertWithinCreditLimit(tx, orderId, transition.overrideCredit === true, actor);

  const release =
    action === "cancel"
      ? sql.fragment`
        settled AS (
          UPDATE stock_reservations SET status = 'released', released_at = now(), updated_at = now()
          WHERE order_id = ${orderId} AND status = 'active'
          RETURNING product_id, product_variant_id, warehouse_id, quantity
        ), per_stock AS (
          SELECT product_id, product_variant_id, warehouse_id, sum(quantity) AS quantity FROM settled GROUP BY 1, 2, 3
        ), released AS (
          UPDATE inventory i SET quantity_reserved = i.quantity_reserved - s.quantity, updated_at = now()
          FROM per_stock s
          WHERE i.product_id = s.product_id AND i.product_variant_id IS NOT DISTINCT FROM s.product_variant_id AND i.warehouse_id = s.warehouse_id
        ),`
      : sql.fragment``;
  // What the cancel releases per stock row (the order's lock keeps its reservations as they are), for the bins below.
  const releasing =
    action === "cancel"
      ? await tx.any(sql.type(releasedStock)`
          SELECT r.product_id, r.product_variant_id, r.warehouse_id, sum(r.quantity)::text AS quantity,
            min(coalesce(oi.sku, r.product_id::text)) AS sku
          FROM stock_reservations r LEFT JOIN order_items oi ON oi.id = r.order_item_id
          WHERE r.order_id = ${orderId} AND r.status = 'active'
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
      : [];
  const stamp = { confirmed: "confirmed_at", delivered: "delivered_at", cancelled: "cancelled_at" }[to as string] ?? "updated_at";

  await tx.query(sql.unsafe`
    WITH ${release}
    history AS (
      INSERT INTO order_status_history (order_id, from_status, to_status, changed_by, note)
      VALUES (${orderId}, ${current.status}, ${to}, ${actor.userId}::uuid, ${note})
    )
    UPDATE orders SET status = ${to}, ${sql.identifier([stamp])} = now(), updated_at = now()
      ${action === "cancel" ? sql.fragment`, cancel_reason = ${note}` : sql.fragment``}
    WHERE id = ${orderId}`);
  // The inventory rows are locked by the release above; in warehouses with bins the bins release too.
  for (const stock of releasing) {
    await keepBinStock(tx, stock, { change: "0", reservedChange: `-${stock.quantity}`, sku: stock.sku });
  }
  // A cancelled order leaves the sales figures.
  if (action === "cancel") await applyOrderToSalesRollups(tx, orderId, -1);
  await recordAudit(tx, actor, {
    action,
    entity: "orders",
    entityId: orderId,
    before: { status: current.status },
    after: { status: to, ...(note === null ? {} : { note }) },
  });
  return loadOrder(tx, orderId);
}
