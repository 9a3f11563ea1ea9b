import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/**
 * Invoices and receivables: what was billed, paid and credited, and what the books say is owed.
 * Orders may be invoiced in parts and receipts spread over invoices (receipt_allocations).
 */
export const receivableInvariants: Invariant[] = [
  {
    module: "finance",
    name: "tax invoices add up and bill lines of their own order",
    subjects: "tax invoices",
    query: (t) => sql.fragment`
      SELECT ti.invoice_number AS subject,
        (ti.order_id IS NULL OR o.customer_id = ti.customer_id)
          AND bool_and(i.order_item_id IS NULL OR oi.order_id = ti.order_id) IS NOT FALSE
          AND ti.subtotal = coalesce(sum(i.quantity * i.unit_price - i.discount_amount), 0)
          AND ti.tax_total = coalesce(sum(i.tax_amount), 0)
          AND ti.grand_total = coalesce(sum(i.line_total), 0)
          AND bool_and(i.line_total = i.quantity * i.unit_price - i.discount_amount + i.tax_amount) IS NOT FALSE AS ok,
        format('%s for order %s: subtotal %s / tax %s / grand %s, lines %s / %s / %s, lines of other orders %s', ti.invoice_number,
          o.order_number, ti.subtotal, ti.tax_total, ti.grand_total, coalesce(sum(i.quantity * i.unit_price - i.discount_amount), 0),
          coalesce(sum(i.tax_amount), 0), coalesce(sum(i.line_total), 0),
          count(*) FILTER (WHERE i.order_item_id IS NOT NULL AND oi.order_id IS DISTINCT FROM ti.order_id)) AS detail
      FROM ${t("tax_invoices")} ti
      LEFT JOIN ${t("orders")} o ON o.id = ti.order_id
      LEFT JOIN ${t("tax_invoice_items")} i ON i.tax_invoice_id = ti.id
      LEFT JOIN ${t("order_items")} oi ON oi.id = i.order_item_id
      GROUP BY ti.id, o.id`,
  },
  {
    module: "finance",
    name: "order lines invoiced as their invoices say, never beyond what shipped",
    subjects: "order lines",
    query: (t) => sql.fragment`
      SELECT o.order_number || '/' || i.position AS subject,
        i.quantity_invoiced = coalesce(billed.quantity, 0) AND i.quantity_invoiced <= i.quantity_shipped AS ok,
        format('%s line %s: shipped %s, quantity_invoiced %s, on issued invoices %s',
          o.order_number, i.position, i.quantity_shipped, i.quantity_invoiced, coalesce(billed.quantity, 0)) AS detail
      FROM ${t("order_items")} i
      JOIN ${t("orders")} o ON o.id = i.order_id
      LEFT JOIN (
        SELECT ii.order_item_id, sum(ii.quantity) AS quantity
        FROM ${t("tax_invoice_items")} ii JOIN ${t("tax_invoices")} ti ON ti.id = ii.tax_invoice_id
        WHERE ti.status NOT IN ('draft', 'void') GROUP BY ii.order_item_id
      ) billed ON billed.order_item_id = i.id`,
  },
  {
    module: "finance",
    name: "invoice payments equal their receipt allocations",
    subjects: "tax invoices",
    query: (t) => sql.fragment`
      SELECT ti.invoice_number AS subject,
        ti.amount_paid = coalesce(paid.amount, 0)
          AND ti.amount_paid + ti.amount_credited <= ti.grand_total
          AND (ti.status IN ('draft', 'void') OR (ti.status = 'paid') = (ti.amount_paid + ti.amount_credited = ti.grand_total))
          AND (ti.status <> 'issued' OR ti.amount_paid = 0)
          AND (ti.status <> 'partially_paid' OR ti.amount_paid > 0) AS ok,
        format('%s (%s): amount_paid %s, allocated by receipts %s, credited %s, grand_total %s', ti.invoice_number, ti.status,
          ti.amount_paid, coalesce(paid.amount, 0), ti.amount_credited, ti.grand_total) AS detail
      FROM ${t("tax_invoices")} ti
      LEFT JOIN (
        SELECT a.tax_invoice_id, sum(a.amount) AS amount
        FROM ${t("receipt_allocations")} a JOIN ${t("payment_receipts")} r ON r.id = a.payment_receipt_id
        WHERE r.status NOT IN ('bounced', 'void') GROUP BY a.tax_invoice_id
      ) paid ON paid.tax_invoice_id = ti.id`,
  },
  {
    module: "finance",
    name: "receipts are allocated in full",
    subjects: "payment receipts",
    query: (t) => sql.fragment`
      SELECT r.receipt_number AS subject,
        coalesce(sum(a.amount), 0) = r.amount AND bool_and(ti.customer_id = r.customer_id) IS NOT FALSE AS ok,
        format('%s: amount %s, allocated %s, to invoices of other customers %s', r.receipt_number, r.amount, coalesce(sum(a.amount), 0),
          count(*) FILTER (WHERE ti.customer_id <> r.customer_id)) AS detail
      FROM ${t("payment_receipts")} r
      LEFT JOIN ${t("receipt_allocations")} a ON a.payment_receipt_id = r.id
      LEFT JOIN ${t("tax_invoices")} ti ON ti.id = a.tax_invoice_id
      WHERE r.status NOT IN ('bounced', 'void')
      GROUP BY r.id`,
  },
  {
    module: "finance",
    name: "receivables in the ledger equal the open invoices",
    subjects: "control account totals",
    query: (t) => sql.fragment`
      SELECT 'accounts receivable' AS subject, ledger.balance = open_invoices.balance AS ok,
        format('receivable accounts %s, open invoices %s', ledger.balance, open_invoices.balance) AS detail
      FROM (
        SELECT coalesce(sum(gl.debit - gl.credit), 0) AS balance
        FROM ${t("general_ledger")} gl JOIN ${t("chart_of_accounts")} a ON a.id = gl.account_id WHERE a.account_subtype = 'receivable'
      ) ledger,
      (
        SELECT coalesce(sum(grand_total - amount_paid - amount_credited), 0) AS balance
        FROM ${t("tax_invoices")} WHERE status IN ('issued', 'partially_paid', 'paid', 'overdue')
      ) open_invoices`,
  },
  {
    module: "finance",
    // Exact for the demo data (one cost per variant). Moving averages are kept to 4 decimals, so
    // on hand × average_cost may drift from the posted values by rounding: up to a cent per stock
    // row is accepted, more is a posting that went missing or went wrong.
    // The inventory accounts are the stock account and the in-transit one (inventory in transit),
    // so goods shipped between warehouses and not yet received count at the cost they travel at.
    name: "inventory in the ledger equals the stock on hand at average cost",
    subjects: "control account totals",
    query: (t) => sql.fragment`
      SELECT 'inventory' AS subject, abs(ledger.balance - stock.value - transit.value) <= 0.01 * (stock.rows + transit.rows) AS ok,
        format('inventory accounts %s, stock on hand at average cost %s, in transit %s (tolerance %s)', ledger.balance, stock.value,
          transit.value, 0.01 * (stock.rows + transit.rows)) AS detail
      FROM (
        SELECT coalesce(sum(gl.debit - gl.credit), 0) AS balance
        FROM ${t("general_ledger")} gl JOIN ${t("chart_of_accounts")} a ON a.id = gl.account_id WHERE a.account_subtype = 'inventory'
      ) ledger,
      (SELECT coalesce(sum(quantity_on_hand * average_cost), 0) AS value, count(*) AS rows FROM ${t("inventory")}) stock,
      (
        SELECT coalesce(sum((ti.quantity_shipped - ti.quantity_received) * ti.unit_cost), 0) AS value, count(*) AS rows
        FROM ${t("stock_transfer_items")} ti JOIN ${t("stock_transfers")} tr ON tr.id = ti.stock_transfer_id WHERE tr.status = 'in_transit'
      ) transit`,
  },
  {
    module: "finance",
    // Source types the posting operations use: 'shipment' (cost of goods: Dr COGS), 'tax_invoice'
    // (Dr receivable = grand total), 'credit_note' (Cr receivable = amount), 'payment_receipt'
    // (Cr receivable = amount). Exactly one of the document's entries touches that control account
    // (receivable, or cost of goods sold for a shipment); others may follow that leave it alone
    // (a credit note's restock at cost: Dr inventory, Cr cost of goods sold). A reversal (reversal_of_id set) points at the same document and is
    // not counted; a void document's entry must have been reversed. A document worth nothing (a
    // shipment of goods without cost) has nothing to post and may have no entry.
    name: "every shipment, invoice, credit note and receipt has its one journal entry",
    subjects: "documents",
    query: (t) => sql.fragment`
      WITH documents AS (
        SELECT 'shipment' AS source_type, s.id, s.shipment_number AS number, false AS void, NULL::uuid AS entry_id,
          'cost_of_goods_sold' AS subtype, 'debit' AS side, coalesce(sum(i.quantity * i.unit_cost), 0) AS amount, 0.005 AS tolerance
        FROM ${t("shipments")} s LEFT JOIN ${t("shipment_items")} i ON i.shipment_id = s.id
        WHERE s.shipped_at IS NOT NULL AND s.status <> 'cancelled' GROUP BY s.id
        UNION ALL
        SELECT 'tax_invoice', id, invoice_number, status = 'void', journal_entry_id, 'receivable', 'debit', grand_total, 0
        FROM ${t("tax_invoices")} WHERE status <> 'draft'
        UNION ALL
        SELECT 'credit_note', id, credit_note_number, status = 'void', journal_entry_id, 'receivable', 'credit', amount, 0
        FROM ${t("credit_notes")} WHERE status <> 'draft'
        UNION ALL
        SELECT 'payment_receipt', id, receipt_number, status IN ('bounced', 'void'), journal_entry_id, 'receivable', 'credit', amount, 0
        FROM ${t("payment_receipts")}
      ), entries AS (
        SELECT e.id, e.entry_number, e.source_type, e.source_id, e.status,
          EXISTS (SELECT 1 FROM ${t("journal_entries")} r WHERE r.reversal_of_id = e.id AND r.status <> 'draft') AS reversed,
          coalesce(sum(l.debit * l.exchange_rate) FILTER (WHERE a.account_subtype = 'receivable'), 0) AS receivable_debit,
          coalesce(sum(l.credit * l.exchange_rate) FILTER (WHERE a.account_subtype = 'receivable'), 0) AS receivable_credit,
          coalesce(sum((l.debit - l.credit) * l.exchange_rate) FILTER (WHERE a.account_subtype = 'cost_of_goods_sold'), 0) AS cost_debit,
          bool_or(a.account_subtype = 'receivable') AS touches_receivable,
          bool_or(a.account_subtype = 'cost_of_goods_sold') AS touches_cost
        FROM ${t("journal_entries")} e
        JOIN ${t("journal_lines")} l ON l.journal_entry_id = e.id
        JOIN ${t("chart_of_accounts")} a ON a.id = l.account_id
        WHERE e.source_type IN ('shipment', 'tax_invoice', 'credit_note', 'payment_receipt') AND e.reversal_of_id IS NULL
          AND e.status <> 'draft'
        GROUP BY e.id
      )
      SELECT d.source_type || ' ' || d.number AS subject,
        (count(e.id) = 0 AND d.amount = 0 AND d.entry_id IS NULL) OR (count(e.id) = 1
          AND (d.entry_id IS NULL OR d.entry_id = min(e.id::text)::uuid)
          AND abs(d.amount - coalesce(sum(CASE d.subtype WHEN 'cost_of_goods_sold' THEN e.cost_debit
            ELSE CASE d.side WHEN 'debit' THEN e.receivable_debit - e.receivable_credit ELSE e.receivable_credit - e.receivable_debit END END), 0))
            <= d.tolerance
          AND (NOT d.void OR bool_and(e.reversed) IS TRUE)) AS ok,
        format('%s %s (amount %s%s): %s journal entries %s, %s %s on them', d.source_type, d.number, d.amount,
          CASE WHEN d.void THEN ', void' ELSE '' END, count(e.id), string_agg(e.entry_number, ', '), d.subtype,
          coalesce(sum(CASE d.subtype WHEN 'cost_of_goods_sold' THEN e.cost_debit
            ELSE CASE d.side WHEN 'debit' THEN e.receivable_debit - e.receivable_credit ELSE e.receivable_credit - e.receivable_debit END END), 0)) AS detail
      FROM documents d
      LEFT JOIN entries e ON e.source_type = d.source_type AND e.source_id = d.id
        AND CASE d.subtype WHEN 'receivable' THEN e.touches_receivable ELSE e.touches_cost END
      GROUP BY d.source_type, d.id, d.number, d.void, d.entry_id, d.subtype, d.side, d.amount, d.tolerance
      UNION ALL
      SELECT 'entry ' || e.entry_number, false, format('%s names %s %s, which does not exist', e.entry_number, e.source_type, e.source_id)
      FROM entries e WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.source_type = e.source_type AND d.id = e.source_id)`,
  },
];
