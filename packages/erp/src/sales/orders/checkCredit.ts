import { InvalidInputError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { recordAudit } from "../../audit/recordAudit.ts";

const exposure = z.object({
  customerId: z.uuid(),
  customer: z.string(),
  orderNumber: z.string(),
  creditLimit: z.string(),
  openInvoices: z.string(),
  openOrders: z.string(),
  thisOrder: z.string(),
  total: z.string(),
  over: z.boolean(),
});

/**
 * Credit control when an order is confirmed. A customer with credit_limit > 0 (0 = no limit) may
 * not owe more than the limit: open invoices (issued, partially paid or overdue: grand total −
 * paid − credited) + open orders (confirmed or partially shipped orders without a live invoice,
 * at their grand total: an order invoiced even in part counts through its invoice only, a
 * deliberate approximation) + this order's grand total. Amounts are compared as they are, in the
 * documents' currencies (one currency per tenant for now).
 *
 * The customer row is locked (FOR NO KEY UPDATE, so orders and invoices referencing it still
 * insert) while the exposure is summed: two orders of one customer confirmed at once queue, and
 * the second counts the first.
 *
 * Over the limit: InvalidInputError with the figures, unless `override` (the caller checked
 * sales.override), in which case the order confirms and a `credit_override` audit row records the
 * figures.
 */
export async function assertWithinCreditLimit(tx: TenantQueries, orderId: string, override: boolean, actor: Actor): Promise<void> {
  const figures = await tx.one(sql.type(exposure)`
    WITH customer AS (
      SELECT c.id, c.name, c.credit_limit FROM customers c
      WHERE c.id = (SELECT customer_id FROM orders WHERE id = ${orderId}) FOR NO KEY UPDATE
    ), sums AS (
      SELECT customer.*,
        (SELECT coalesce(sum(t.grand_total - t.amount_paid - t.amount_credited), 0) FROM tax_invoices t
          WHERE t.customer_id = customer.id AND t.status IN ('issued', 'partially_paid', 'overdue')) AS open_invoices,
        (SELECT coalesce(sum(o.grand_total), 0) FROM orders o
          WHERE o.customer_id = customer.id AND o.status IN ('confirmed', 'partially_shipped') AND o.id <> ${orderId}
            AND NOT EXISTS (SELECT 1 FROM tax_invoices t WHERE t.order_id = o.id AND t.status <> 'void')) AS open_orders,
        o.grand_total AS this_order, o.order_number
      FROM customer, orders o WHERE o.id = ${orderId}
    )
    SELECT id AS "customerId", name AS customer, order_number AS "orderNumber", credit_limit::numeric(18,4)::text AS "creditLimit",
      open_invoices::numeric(18,4)::text AS "openInvoices", open_orders::numeric(18,4)::text AS "openOrders", this_order::numeric(18,4)::text AS "thisOrder",
      (open_invoices + open_orders + this_order)::numeric(18,4)::text AS total,
      credit_limit > 0 AND open_invoices + open_orders + this_order > credit_limit AS over
    FROM sums`);
  if (!figures.over) return;
  if (!override) {
    throw new InvalidInputError(
      `Confirming order ${figures.orderNumber} would bring ${figures.customer}'s exposure to ${figures.total} (open invoices ${figures.openInvoices} + open orders ${figures.openOrders} + this order ${figures.thisOrder}), over the credit limit of ${figures.creditLimit}; a user with sales.override may confirm it with override_credit.`,
    );
  }
  await recordAudit(tx, actor, {
    action: "credit_override",
    entity: "orders",
    entityId: orderId,
    after: {
      customer_id: figures.customerId,
      credit_limit: figures.creditLimit,
      open_invoices: figures.openInvoices,
      open_orders: figures.openOrders,
      this_order: figures.thisOrder,
      exposure: figures.total,
    },
  });
}
