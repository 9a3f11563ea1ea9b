import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/**
 * Procure to pay: documents agree with each other (ordered ≥ received ≥ billed ≥ returned, within
 * the order line's tolerance), with stock, and with the books (goods received not invoiced, the
 * payables sub-ledger per vendor, one entry per posted document).
 */
export const procurementInvariants: Invariant[] = [
  {
    module: "procurement",
    name: "purchase order totals add up",
    subjects: "purchase orders",
    query: (t) => sql.fragment`
      SELECT po.po_number AS subject,
        po.subtotal = coalesce(sum(round(i.quantity_ordered * i.unit_cost, 4)), 0)
          AND po.tax_total = coalesce(sum(i.tax_amount), 0)
          AND po.grand_total = coalesce(sum(i.line_total), 0)
          AND bool_and(i.line_total = round(i.quantity_ordered * i.unit_cost, 4) + i.tax_amount) IS NOT FALSE AS ok,
        format('%s: subtotal %s / tax %s / grand %s, lines %s / %s / %s', po.po_number, po.subtotal, po.tax_total, po.grand_total,
          coalesce(sum(round(i.quantity_ordered * i.unit_cost, 4)), 0), coalesce(sum(i.tax_amount), 0), coalesce(sum(i.line_total), 0)) AS detail
      FROM ${t("purchase_orders")} po LEFT JOIN ${t("purchase_order_items")} i ON i.purchase_order_id = po.id
      GROUP BY po.id`,
  },
  {
    module: "procurement",
    name: "received quantities match goods receipts and never exceed what was ordered (plus its tolerance)",
    subjects: "purchase order lines",
    query: (t) => sql.fragment`
      SELECT po.po_number || '/' || i.line_number AS subject,
        i.quantity_received = coalesce(received.quantity, 0)
          AND i.quantity_received <= i.quantity_ordered * (1 + i.quantity_tolerance_percent / 100)
          AND CASE WHEN po.status IN ('draft', 'approved', 'sent') THEN i.quantity_received = 0
            WHEN po.status = 'received' THEN i.quantity_received >= i.quantity_ordered ELSE true END AS ok,
        format('%s line %s (%s): ordered %s (tolerance %s %%), received %s, in goods receipts %s',
          po.po_number, i.line_number, po.status, i.quantity_ordered, i.quantity_tolerance_percent, i.quantity_received,
          coalesce(received.quantity, 0)) AS detail
      FROM ${t("purchase_order_items")} i
      JOIN ${t("purchase_orders")} po ON po.id = i.purchase_order_id
      LEFT JOIN (
        SELECT purchase_order_item_id, sum(quantity_received - quantity_rejected) AS quantity
        FROM ${t("goods_receipt_items")} GROUP BY purchase_order_item_id
      ) received ON received.purchase_order_item_id = i.id`,
  },
  {
    module: "procurement",
    name: "billed quantities match approved bills and never exceed what was received (plus its tolerance)",
    subjects: "purchase order lines",
    query: (t) => sql.fragment`
      SELECT po.po_number || '/' || i.line_number AS subject,
        i.quantity_billed = coalesce(billed.quantity, 0)
          AND i.quantity_billed <= i.quantity_received * (1 + i.quantity_tolerance_percent / 100) AS ok,
        format('%s line %s: received %s (tolerance %s %%), billed %s, on approved bills %s', po.po_number, i.line_number,
          i.quantity_received, i.quantity_tolerance_percent, i.quantity_billed, coalesce(billed.quantity, 0)) AS detail
      FROM ${t("purchase_order_items")} i
      JOIN ${t("purchase_orders")} po ON po.id = i.purchase_order_id
      LEFT JOIN (
        SELECT b.purchase_order_item_id, sum(b.quantity) AS quantity
        FROM ${t("vendor_invoice_items")} b JOIN ${t("vendor_invoices")} v ON v.id = b.vendor_invoice_id
        WHERE v.status NOT IN ('draft', 'cancelled') GROUP BY b.purchase_order_item_id
      ) billed ON billed.purchase_order_item_id = i.id`,
  },
  {
    module: "procurement",
    name: "returned quantities match debit notes and never exceed what was billed",
    subjects: "purchase order lines",
    query: (t) => sql.fragment`
      SELECT po.po_number || '/' || i.line_number AS subject,
        i.quantity_returned = coalesce(returned.quantity, 0) AND i.quantity_returned <= i.quantity_billed AS ok,
        format('%s line %s: billed %s, returned %s, on debit notes %s', po.po_number, i.line_number, i.quantity_billed,
          i.quantity_returned, coalesce(returned.quantity, 0)) AS detail
      FROM ${t("purchase_order_items")} i
      JOIN ${t("purchase_orders")} po ON po.id = i.purchase_order_id
      LEFT JOIN (
        SELECT b.purchase_order_item_id, sum(r.quantity) AS quantity
        FROM ${t("purchase_return_items")} r JOIN ${t("vendor_invoice_items")} b ON b.id = r.vendor_invoice_item_id
        GROUP BY b.purchase_order_item_id
      ) returned ON returned.purchase_order_item_id = i.id`,
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
        v.subtotal = coalesce(sum(round(i.quantity * i.unit_cost, 4)), 0)
          AND v.tax_total = coalesce(sum(i.tax_amount), 0)
          AND v.grand_total = coalesce(sum(i.line_total), 0) AS ok,
        format('%s: grand_total %s, lines %s', v.invoice_number, v.grand_total, coalesce(sum(i.line_total), 0)) AS detail
      FROM ${t("vendor_invoices")} v LEFT JOIN ${t("vendor_invoice_items")} i ON i.vendor_invoice_id = v.id
      GROUP BY v.id`,
  },
  {
    module: "procurement",
    name: "vendor bills are paid and credited as their allocations and debit notes say",
    subjects: "vendor bills",
    query: (t) => sql.fragment`
      SELECT v.invoice_number AS subject,
        v.amount_paid = coalesce(paid.amount, 0) AND v.amount_credited = coalesce(credited.amount, 0)
          AND v.amount_paid + v.amount_credited <= v.grand_total
          AND CASE v.status WHEN 'paid' THEN v.amount_paid + v.amount_credited = v.grand_total
            WHEN 'partially_paid' THEN v.amount_paid > 0 AND v.amount_paid + v.amount_credited < v.grand_total
            WHEN 'draft' THEN v.amount_paid = 0 AND v.amount_credited = 0 ELSE true END AS ok,
        format('%s (%s): total %s, paid %s (allocations %s), credited %s (debit notes %s)', v.invoice_number, v.status, v.grand_total,
          v.amount_paid, coalesce(paid.amount, 0), v.amount_credited, coalesce(credited.amount, 0)) AS detail
      FROM ${t("vendor_invoices")} v
      LEFT JOIN (SELECT vendor_invoice_id, sum(amount) AS amount FROM ${t("vendor_payment_allocations")} GROUP BY vendor_invoice_id) paid
        ON paid.vendor_invoice_id = v.id
      LEFT JOIN (SELECT vendor_invoice_id, sum(total_amount) AS amount FROM ${t("purchase_returns")}
        WHERE vendor_invoice_id IS NOT NULL AND status <> 'cancelled' GROUP BY vendor_invoice_id) credited ON credited.vendor_invoice_id = v.id`,
  },
  {
    module: "procurement",
    name: "vendor payments are allocated in full",
    subjects: "vendor payments",
    query: (t) => sql.fragment`
      SELECT p.payment_number AS subject, p.status <> 'completed' OR p.amount = coalesce(sum(a.amount), 0) AS ok,
        format('%s: amount %s, allocated %s', p.payment_number, p.amount, coalesce(sum(a.amount), 0)) AS detail
      FROM ${t("vendor_payments")} p LEFT JOIN ${t("vendor_payment_allocations")} a ON a.vendor_payment_id = p.id
      GROUP BY p.id`,
  },
  {
    module: "procurement",
    // Goods enter the books at the order price against GRNI; an approved bill takes its quantity
    // out of GRNI at the same order price (any difference went to price variance).
    name: "goods received not invoiced in the ledger equals received and not yet billed at the order price",
    subjects: "control account totals",
    query: (t) => sql.fragment`
      SELECT 'goods received not invoiced' AS subject, ledger.balance = received.value - billed.value AS ok,
        format('GRNI account %s, received %s − billed %s at order prices', ledger.balance, received.value, billed.value) AS detail
      FROM (
        SELECT coalesce(sum(gl.credit - gl.debit), 0) AS balance
        FROM ${t("general_ledger")} gl JOIN ${t("posting_accounts")} pa ON pa.account_id = gl.account_id
        WHERE pa.purpose = 'goods_received_not_invoiced'
      ) ledger,
      (SELECT coalesce(sum(round((quantity_received - quantity_rejected) * unit_cost, 4)), 0) AS value FROM ${t("goods_receipt_items")}) received,
      (SELECT coalesce(sum(round(b.quantity * i.unit_cost, 4)), 0) AS value
        FROM ${t("vendor_invoice_items")} b JOIN ${t("vendor_invoices")} v ON v.id = b.vendor_invoice_id
        JOIN ${t("purchase_order_items")} i ON i.id = b.purchase_order_item_id
        WHERE v.status NOT IN ('draft', 'cancelled')) billed`,
  },
  {
    module: "procurement",
    name: "each vendor's payables in the ledger equal its open bills",
    subjects: "vendors",
    query: (t) => sql.fragment`
      SELECT vendor.id::text AS subject, coalesce(ledger.balance, 0) = coalesce(bills.open, 0) AS ok,
        format('vendor %s: payable lines %s, open bills %s', vendor.name, coalesce(ledger.balance, 0), coalesce(bills.open, 0)) AS detail
      FROM ${t("vendors")} vendor
      LEFT JOIN (
        SELECT l.vendor_id, sum(l.credit - l.debit) AS balance
        FROM ${t("journal_lines")} l JOIN ${t("journal_entries")} e ON e.id = l.journal_entry_id AND e.status <> 'draft'
        JOIN ${t("posting_accounts")} pa ON pa.account_id = l.account_id AND pa.purpose = 'payable'
        WHERE l.vendor_id IS NOT NULL GROUP BY l.vendor_id
      ) ledger ON ledger.vendor_id = vendor.id
      LEFT JOIN (
        SELECT vendor_id, sum(grand_total - amount_paid - amount_credited) AS open
        FROM ${t("vendor_invoices")} WHERE status NOT IN ('draft', 'cancelled') GROUP BY vendor_id
      ) bills ON bills.vendor_id = vendor.id`,
  },
  {
    module: "procurement",
    // A goods receipt of goods without cost has nothing to post and may have no entry.
    name: "every goods receipt, approved bill, vendor payment and debit note has its one journal entry",
    subjects: "documents",
    query: (t) => sql.fragment`
      WITH documents AS (
        SELECT 'goods_receipt_note' AS source_type, g.id, g.grn_number AS number,
          coalesce(sum(gi.quantity_received * gi.unit_cost), 0) = 0 AS may_skip
        FROM ${t("goods_receipt_notes")} g LEFT JOIN ${t("goods_receipt_items")} gi ON gi.grn_id = g.id
        WHERE g.status = 'posted' GROUP BY g.id
        UNION ALL
        SELECT 'vendor_invoice', id, invoice_number, grand_total = 0 FROM ${t("vendor_invoices")} WHERE status NOT IN ('draft', 'cancelled')
        UNION ALL
        SELECT 'vendor_payment', id, payment_number, false FROM ${t("vendor_payments")} WHERE status = 'completed'
        UNION ALL
        SELECT 'purchase_return', id, return_number, total_amount = 0 FROM ${t("purchase_returns")} WHERE status = 'credited'
      )
      SELECT d.number AS subject, count(e.id) = 1 OR (d.may_skip AND count(e.id) = 0) AS ok,
        format('%s %s has %s journal entries', d.source_type, d.number, count(e.id)) AS detail
      FROM documents d
      LEFT JOIN ${t("journal_entries")} e ON e.source_type = d.source_type AND e.source_id = d.id AND e.reversal_of_id IS NULL
      GROUP BY d.source_type, d.id, d.number, d.may_skip`,
  },
];
