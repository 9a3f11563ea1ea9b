import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import { loadOrder, type OrderWithLines } from "./loadOrder.ts";

export type OrderStatus = "draft" | "confirmed" | "shipped" | "delivered" | "cancelled";
export type OrderAction = "confirm" | "ship" | "deliver" | "cancel";

/** draft → confirmed → shipped → delivered; draft or confirmed → cancelled. Nothing else. */
export const orderTransitions: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  confirm: { from: ["draft"], to: "confirmed" },
  ship: { from: ["confirmed"], to: "shipped" },
  deliver: { from: ["shipped"], to: "delivered" },
  cancel: { from: ["draft", "confirmed"], to: "cancelled" },
};

/**
 * Moves an order along its life cycle, with what each step does to stock: shipping issues the
 * reserved stock (on hand and reserved go down, a `sale` movement is written, reservations are
 * fulfilled); cancelling releases it. An illegal step is an InvalidInputError naming both states.
 */
export async function changeOrderStatus(
  tx: TenantQueries,
  orderId: string,
  action: OrderAction,
  userId: string,
  note: string | null,
): Promise<OrderWithLines> {
  const current = await tx.maybeOne(
    sql.type(z.object({ status: z.string(), number: z.string() }))`
      SELECT status, order_number AS number FROM orders WHERE id = ${orderId} FOR UPDATE`,
  );
  if (!current) throw new NotFoundError(`No order has the id ${orderId}.`);
  const { from, to } = orderTransitions[action];
  if (!from.includes(current.status as OrderStatus)) {
    throw new InvalidInputError(
      `Order ${current.number} cannot go from ${current.status} to ${to}: only ${from.join(" or ")} orders can be ${to}.`,
    );
  }

  const stock =
    action === "ship"
      ? sql.fragment`
        settled AS (
          UPDATE stock_reservations SET status = 'fulfilled', updated_at = now()
          WHERE order_id = ${orderId} AND status = 'active'
          RETURNING product_id, product_variant_id, warehouse_id, quantity
        ), per_stock AS (
          SELECT product_id, product_variant_id, warehouse_id, sum(quantity) AS quantity FROM settled GROUP BY 1, 2, 3
        ), issued AS (
          UPDATE inventory i SET quantity_on_hand = i.quantity_on_hand - s.quantity, quantity_reserved = i.quantity_reserved - s.quantity,
            last_movement_at = now(), updated_at = now()
          FROM per_stock s
          WHERE i.product_id = s.product_id AND i.product_variant_id IS NOT DISTINCT FROM s.product_variant_id AND i.warehouse_id = s.warehouse_id
        ), movements AS (
          INSERT INTO stock_movements (product_id, product_variant_id, warehouse_id, movement_type, quantity, reference_type, reference_id, created_by)
          SELECT product_id, product_variant_id, warehouse_id, 'sale', -quantity, 'order', ${orderId}, ${userId} FROM per_stock
        ), shipped_lines AS (
          UPDATE order_items SET quantity_shipped = quantity, updated_at = now() WHERE order_id = ${orderId}
        ),`
      : action === "cancel"
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
  const stamp = {
    confirmed: "confirmed_at",
    shipped: "shipped_at",
    delivered: "delivered_at",
    cancelled: "cancelled_at",
    draft: "updated_at",
  }[to];

  await tx.query(sql.unsafe`
    WITH ${stock}
    history AS (
      INSERT INTO order_status_history (order_id, from_status, to_status, changed_by, note)
      VALUES (${orderId}, ${current.status}, ${to}, ${userId}, ${note})
    )
    UPDATE orders SET status = ${to}, ${sql.identifier([stamp])} = now(), updated_at = now()
      ${action === "cancel" ? sql.fragment`, cancel_reason = ${note}` : sql.fragment``}
    WHERE id = ${orderId}`);
  return loadOrder(tx, orderId);
}
