import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

export const salesInvariants: Invariant[] = [
  {
    module: "sales",
    // Documents are inserted with a provisional number (books/numberDocument.ts) and numbered in
    // the statement that posts them; none may commit with the provisional one.
    name: "documents carry their gapless numbers",
    subjects: "documents",
    query: (t) => sql.fragment`
      WITH numbers AS (
        SELECT shipment_number AS number FROM ${t("shipments")}
        UNION ALL SELECT invoice_number FROM ${t("tax_invoices")}
        UNION ALL SELECT credit_note_number FROM ${t("credit_notes")}
        UNION ALL SELECT receipt_number FROM ${t("payment_receipts")}
        UNION ALL SELECT entry_number FROM ${t("journal_entries")}
      )
      SELECT number AS subject, number NOT LIKE '~%' AS ok, format('%s is a provisional number', number) AS detail FROM numbers`,
  },
  {
    module: "sales",
    name: "order totals add up",
    subjects: "orders",
    query: (t) => sql.fragment`
      SELECT o.order_number AS subject,
        o.subtotal = coalesce(sum(i.quantity * i.unit_price), 0)
          AND o.discount_total = coalesce(sum(i.discount_amount), 0)
          AND o.tax_total = coalesce(sum(i.tax_amount), 0)
          AND o.grand_total = coalesce(sum(i.line_total), 0) + o.shipping_total
          AND bool_and(i.line_total = i.quantity * i.unit_price - i.discount_amount + i.tax_amount) IS NOT FALSE AS ok,
        format('%s: grand_total %s, lines + shipping %s', o.order_number, o.grand_total, coalesce(sum(i.line_total), 0) + o.shipping_total) AS detail
      FROM ${t("orders")} o LEFT JOIN ${t("order_items")} i ON i.order_id = o.id
      GROUP BY o.id`,
  },
  {
    module: "sales",
    name: "order dates in order",
    subjects: "orders",
    query: (t) => sql.fragment`
      SELECT o.order_number AS subject,
        o.ordered_at <= coalesce(o.confirmed_at, o.ordered_at)
          AND coalesce(o.confirmed_at, o.ordered_at) <= coalesce(o.shipped_at, 'infinity')
          AND coalesce(o.shipped_at, o.ordered_at) <= coalesce(o.delivered_at, 'infinity')
          AND NOT EXISTS (
            SELECT 1 FROM ${t("shipments")} s
            WHERE s.order_id = o.id AND (s.shipped_at < o.ordered_at OR s.delivered_at < s.shipped_at)
          ) AS ok,
        format('%s: ordered %s, confirmed %s, shipped %s, delivered %s', o.order_number, o.ordered_at, o.confirmed_at, o.shipped_at, o.delivered_at) AS detail
      FROM ${t("orders")} o`,
  },
  {
    module: "sales",
    // Orders ship in parts (partially_shipped); a shipped or delivered order has shipped every line
    // in full, one not yet shipping nothing. Cancelled shipments do not count.
    name: "shipped quantities match shipments, never beyond what was ordered",
    subjects: "order lines",
    query: (t) => sql.fragment`
      SELECT o.order_number || '/' || i.position AS subject,
        i.quantity_shipped = coalesce(shipped.quantity, 0)
          AND i.quantity_shipped <= i.quantity
          AND CASE WHEN o.status IN ('shipped', 'delivered') THEN i.quantity_shipped = i.quantity
            WHEN o.status IN ('draft', 'confirmed') THEN i.quantity_shipped = 0 ELSE true END AS ok,
        format('%s line %s: quantity %s, quantity_shipped %s, in shipments %s (order %s)',
          o.order_number, i.position, i.quantity, i.quantity_shipped, coalesce(shipped.quantity, 0), o.status) AS detail
      FROM ${t("order_items")} i
      JOIN ${t("orders")} o ON o.id = i.order_id
      LEFT JOIN (
        SELECT si.order_item_id, sum(si.quantity) AS quantity
        FROM ${t("shipment_items")} si JOIN ${t("shipments")} s ON s.id = si.shipment_id
        WHERE s.status <> 'cancelled' GROUP BY si.order_item_id
      ) shipped ON shipped.order_item_id = i.id`,
  },
  {
    module: "sales",
    name: "orders come after their customers",
    subjects: "orders",
    query: (t) => sql.fragment`
      SELECT o.order_number AS subject, o.ordered_at >= c.created_at AS ok,
        format('%s ordered %s by %s, a customer only since %s', o.order_number, o.ordered_at, c.customer_number, c.created_at) AS detail
      FROM ${t("orders")} o JOIN ${t("customers")} c ON c.id = o.customer_id`,
  },
  {
    module: "sales",
    name: "paid orders are paid in full",
    subjects: "orders",
    query: (t) => sql.fragment`
      SELECT o.order_number AS subject,
        coalesce(paid.amount, 0) <= o.grand_total
          AND (o.payment_status = 'paid') = (coalesce(paid.amount, 0) = o.grand_total) AS ok,
        format('%s: payment_status %s, grand_total %s, captured %s', o.order_number, o.payment_status, o.grand_total, coalesce(paid.amount, 0)) AS detail
      FROM ${t("orders")} o
      LEFT JOIN (SELECT order_id, sum(amount) AS amount FROM ${t("payments")} WHERE status = 'captured' GROUP BY order_id) paid
        ON paid.order_id = o.id`,
  },
];
