import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

export const procurementInvariants: Invariant[] = [
  {
    module: "procurement",
    name: "purchase order totals add up",
    subjects: "purchase orders",
    query: (t) => sql.fragment`
      SELECT po.po_number AS subject,
        po.subtotal = coalesce(sum(i.quantity_ordered * i.unit_cost), 0)
          AND po.tax_total = coalesce(sum(i.tax_amount), 0)
          AND po.grand_total = coalesce(sum(i.line_total), 0)
          AND bool_and(i.line_total = i.quantity_ordered * i.unit_cost + i.tax_amount) IS NOT FALSE AS ok,
        format('%s: subtotal %s / tax %s / grand %s, lines %s / %s / %s', po.po_number, po.subtotal, po.tax_total, po.grand_total,
          coalesce(sum(i.quantity_ordered * i.unit_cost), 0), coalesce(sum(i.tax_amount), 0), coalesce(sum(i.line_total), 0)) AS detail
      FROM ${t("purchase_orders")} po LEFT JOIN ${t("purchase_order_items")} i ON i.purchase_order_id = po.id
      GROUP BY po.id`,
  },
  {
    module: "procurement",
    name: "received quantities match goods receipts and never exceed what was ordered",
    subjects: "purchase order lines",
    query: (t) => sql.fragment`
      SELECT po.po_number || '/' || i.line_number AS subject,
        i.quantity_received = coalesce(received.quantity, 0)
          AND i.quantity_received <= i.quantity_ordered
          AND CASE po.status WHEN 'sent' THEN i.quantity_received = 0 WHEN 'received' THEN i.quantity_received = i.quantity_ordered ELSE true END AS ok,
        format('%s line %s (%s): ordered %s, received %s, in goods receipts %s',
          po.po_number, i.line_number, po.status, i.quantity_ordered, i.quantity_received, coalesce(received.quantity, 0)) AS detail
      FROM ${t("purchase_order_items")} i
      JOIN ${t("purchase_orders")} po ON po.id = i.purchase_order_id
      LEFT JOIN (
        SELECT purchase_order_item_id, sum(quantity_received - quantity_rejected) AS quantity
        FROM ${t("goods_receipt_items")} GROUP BY purchase_order_item_id
      ) received ON received.purchase_order_item_id = i.id`,
  },
  {
    module: "procurement",
    name: "goods receipts put their quantity into stock",
    subjects: "goods receipt lines",
    query: (t) => sql.fragment`
      SELECT g.grn_number || '/' || gi.id AS subject,
        m.id IS NOT NULL AND m.movement_type = 'receipt' AND m.quantity = gi.quantity_received - gi.quantity_rejected
          AND m.product_id = gi.product_id AND m.product_variant_id IS NOT DISTINCT FROM gi.product_variant_id
          AND m.warehouse_id = g.warehouse_id AS ok,
        format('%s: received %s, stock movement %s of %s', g.grn_number, gi.quantity_received - gi.quantity_rejected, m.movement_type, m.quantity) AS detail
      FROM ${t("goods_receipt_items")} gi
      JOIN ${t("goods_receipt_notes")} g ON g.id = gi.grn_id
      LEFT JOIN ${t("stock_movements")} m ON m.id = gi.stock_movement_id`,
  },
  {
    module: "procurement",
    name: "vendor invoice totals add up",
    subjects: "vendor invoices",
    query: (t) => sql.fragment`
      SELECT v.invoice_number AS subject,
        v.subtotal = coalesce(sum(i.quantity * i.unit_cost), 0)
          AND v.tax_total = coalesce(sum(i.tax_amount), 0)
          AND v.grand_total = coalesce(sum(i.line_total), 0) AS ok,
        format('%s: grand_total %s, lines %s', v.invoice_number, v.grand_total, coalesce(sum(i.line_total), 0)) AS detail
      FROM ${t("vendor_invoices")} v LEFT JOIN ${t("vendor_invoice_items")} i ON i.vendor_invoice_id = v.id
      GROUP BY v.id`,
  },
];
