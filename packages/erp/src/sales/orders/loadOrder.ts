import { NotFoundError, type TenantQueries } from "@erp/db";
import { orderItemsColumns, orderItemsRow, ordersColumns, ordersRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";

/** An order with its lines, as every sales.orders procedure answers. */
export const orderWithLines = ordersRow.extend({ lines: z.array(orderItemsRow) });
export type OrderWithLines = z.infer<typeof orderWithLines>;

/** The order and its lines (by position); NotFoundError when the tenant has no such order. */
export async function loadOrder(tx: TenantQueries, orderId: string): Promise<OrderWithLines> {
  // Both at once: on the pipelined connection they leave in one write and share a round trip.
  const [order, lines] = await Promise.all([
    tx.maybeOne(sql.type(ordersRow)`SELECT ${ordersColumns} FROM orders WHERE id = ${orderId}`),
    tx.any(sql.type(orderItemsRow)`SELECT ${orderItemsColumns} FROM order_items WHERE order_id = ${orderId} ORDER BY position, id`),
  ]);
  if (!order) throw new NotFoundError(`No order has the id ${orderId}.`);
  return { ...order, lines: [...lines] };
}
