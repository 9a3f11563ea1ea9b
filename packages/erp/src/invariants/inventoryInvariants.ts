import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/**
 * Stock is kept per product, variant and warehouse. The variant is null for a product without
 * variants, and FULL JOIN needs plain equality, so a missing variant compares as its product.
 */
const itemKey = (alias: string) =>
  sql.fragment`(${sql.identifier([alias, "product_id"])}, coalesce(${sql.identifier([alias, "product_variant_id"])}, ${sql.identifier([alias, "product_id"])}), ${sql.identifier([alias, "warehouse_id"])})`;
const sameItem = (a: string, b: string) => sql.fragment`${itemKey(a)} = ${itemKey(b)}`;

export const inventoryInvariants: Invariant[] = [
  {
    module: "inventory",
    name: "stock on hand equals the sum of its movements",
    subjects: "stock levels",
    query: (t) => sql.fragment`
      SELECT coalesce(inv.product_id, moved.product_id)::text || '/' || coalesce(inv.product_variant_id, moved.product_variant_id)::text AS subject,
        inv.id IS NOT NULL AND moved.product_id IS NOT NULL AND inv.quantity_on_hand = moved.quantity AS ok,
        format('variant %s: on hand %s, movements sum to %s',
          coalesce(inv.product_variant_id, moved.product_variant_id), inv.quantity_on_hand, moved.quantity) AS detail
      FROM ${t("inventory")} inv
      FULL JOIN (
        SELECT product_id, product_variant_id, warehouse_id, sum(quantity) AS quantity
        FROM ${t("stock_movements")} GROUP BY product_id, product_variant_id, warehouse_id
      ) moved ON ${sameItem("inv", "moved")}`,
  },
  {
    module: "inventory",
    name: "stock never goes negative",
    subjects: "stock levels",
    query: (t) => sql.fragment`
      SELECT product_variant_id::text AS subject, min(running) >= 0 AS ok,
        format('variant %s falls to %s', product_variant_id, min(running)) AS detail
      FROM (
        SELECT product_id, product_variant_id, warehouse_id,
          sum(quantity) OVER (PARTITION BY product_id, product_variant_id, warehouse_id ORDER BY moved_at, quantity DESC, id) AS running
        FROM ${t("stock_movements")}
      ) ledger
      GROUP BY product_id, product_variant_id, warehouse_id`,
  },
  {
    module: "inventory",
    // Bins are optional per warehouse: a warehouse without bins keeps its stock in `inventory`
    // only and its rows are not checked; one with bins must add up exactly (inventory/binStock.ts).
    name: "bin stock adds up to stock levels",
    subjects: "stock levels",
    query: (t) => sql.fragment`
      SELECT inv.product_variant_id::text AS subject,
        inv.quantity_on_hand = coalesce(bins.quantity, 0) AND inv.quantity_reserved = coalesce(bins.reserved, 0) AS ok,
        format('variant %s: on hand %s / reserved %s, in bins %s / %s',
          inv.product_variant_id, inv.quantity_on_hand, inv.quantity_reserved, bins.quantity, bins.reserved) AS detail
      FROM ${t("inventory")} inv
      LEFT JOIN (
        SELECT product_id, product_variant_id, warehouse_id, sum(quantity) AS quantity, sum(quantity_reserved) AS reserved
        FROM ${t("stock_items")} GROUP BY product_id, product_variant_id, warehouse_id
      ) bins ON ${sameItem("inv", "bins")}
      WHERE EXISTS (
        SELECT 1 FROM ${t("bins")} b JOIN ${t("zones")} z ON z.id = b.zone_id WHERE z.warehouse_id = inv.warehouse_id
      )`,
  },
  {
    module: "inventory",
    name: "sales movements match shipments",
    subjects: "variants shipped",
    query: (t) => sql.fragment`
      SELECT coalesce(moved.product_variant_id, shipped.product_variant_id)::text AS subject,
        coalesce(moved.quantity, 0) = coalesce(shipped.quantity, 0) AS ok,
        format('variant %s: %s out in sale movements, %s in shipments',
          coalesce(moved.product_variant_id, shipped.product_variant_id), coalesce(moved.quantity, 0), coalesce(shipped.quantity, 0)) AS detail
      FROM (
        SELECT m.product_id, m.product_variant_id, -sum(m.quantity) AS quantity
        FROM ${t("stock_movements")} m
        JOIN ${t("shipments")} s ON m.reference_type = 'shipment' AND s.id = m.reference_id
        WHERE m.movement_type = 'sale' GROUP BY m.product_id, m.product_variant_id
      ) moved
      FULL JOIN (
        SELECT i.product_id, i.product_variant_id, sum(si.quantity) AS quantity
        FROM ${t("shipment_items")} si JOIN ${t("order_items")} i ON i.id = si.order_item_id
        GROUP BY i.product_id, i.product_variant_id
      ) shipped ON coalesce(shipped.product_variant_id, shipped.product_id) = coalesce(moved.product_variant_id, moved.product_id)`,
  },
  {
    module: "inventory",
    name: "reserved stock equals its active reservations",
    subjects: "stock levels",
    query: (t) => sql.fragment`
      SELECT inv.product_variant_id::text AS subject, inv.quantity_reserved = coalesce(held.quantity, 0) AS ok,
        format('variant %s: reserved %s, active reservations %s', inv.product_variant_id, inv.quantity_reserved, coalesce(held.quantity, 0)) AS detail
      FROM ${t("inventory")} inv
      LEFT JOIN (
        SELECT product_id, product_variant_id, warehouse_id, sum(quantity) AS quantity
        FROM ${t("stock_reservations")} WHERE status = 'active' GROUP BY product_id, product_variant_id, warehouse_id
      ) held ON ${sameItem("inv", "held")}`,
  },
  {
    module: "inventory",
    name: "open order lines hold what is left to ship, closed ones hold nothing",
    subjects: "order lines of stocked products",
    query: (t) => sql.fragment`
      SELECT o.order_number || '/' || i.position AS subject,
        coalesce(held.quantity, 0) = CASE WHEN o.status IN ('draft', 'confirmed', 'partially_shipped') THEN i.quantity - i.quantity_shipped ELSE 0 END AS ok,
        format('%s line %s (%s): %s held, %s ordered, %s shipped', o.order_number, i.position, o.status, coalesce(held.quantity, 0),
          i.quantity, i.quantity_shipped) AS detail
      FROM ${t("order_items")} i
      JOIN ${t("orders")} o ON o.id = i.order_id
      JOIN ${t("products")} p ON p.id = i.product_id AND p.is_stockable
      LEFT JOIN (
        SELECT order_item_id, sum(quantity) AS quantity FROM ${t("stock_reservations")} WHERE status = 'active' GROUP BY order_item_id
      ) held ON held.order_item_id = i.id`,
  },
  {
    module: "inventory",
    // Transfers move stock through transfer_out and transfer_in movements that name the transfer
    // (a direct transfer: both at once; a shipped one: out on shipping, in on each receipt).
    name: "transfer lines match their movements",
    subjects: "transfer lines",
    query: (t) => sql.fragment`
      SELECT t.transfer_number || '/' || coalesce(lines.product_variant_id, lines.product_id)::text AS subject,
        lines.shipped = coalesce(moved.shipped, 0) AND lines.received = coalesce(moved.received, 0)
          AND (t.status NOT IN ('draft', 'requested', 'approved', 'cancelled') OR lines.shipped = 0)
          AND (t.status <> 'received' OR lines.received = lines.quantity) AS ok,
        format('transfer %s (%s), variant %s: %s shipped / %s received on the lines, %s out / %s in by movements', t.transfer_number, t.status,
          coalesce(lines.product_variant_id, lines.product_id), lines.shipped, lines.received, coalesce(moved.shipped, 0), coalesce(moved.received, 0)) AS detail
      FROM (
        SELECT stock_transfer_id, product_id, product_variant_id, sum(quantity) AS quantity, sum(quantity_shipped) AS shipped,
          sum(quantity_received) AS received
        FROM ${t("stock_transfer_items")} GROUP BY stock_transfer_id, product_id, product_variant_id
      ) lines
      JOIN ${t("stock_transfers")} t ON t.id = lines.stock_transfer_id
      LEFT JOIN (
        SELECT reference_id, product_id, product_variant_id,
          -sum(quantity) FILTER (WHERE movement_type = 'transfer_out') AS shipped,
          sum(quantity) FILTER (WHERE movement_type = 'transfer_in') AS received
        FROM ${t("stock_movements")} WHERE reference_type = 'stock_transfer'
        GROUP BY reference_id, product_id, product_variant_id
      ) moved ON moved.reference_id = lines.stock_transfer_id AND moved.product_id = lines.product_id
        AND moved.product_variant_id IS NOT DISTINCT FROM lines.product_variant_id`,
  },
  {
    module: "inventory",
    // What shipped transfers carry sits in the in-transit account: each transfer_out movement puts
    // round(quantity × unit cost, 4) in, each transfer_in takes its own out (a direct transfer
    // nets to nothing). Postings write exactly these amounts (inventory/transfers/shipStockTransfer.ts).
    name: "the in-transit account equals the value of goods in transit",
    subjects: "in-transit accounts",
    query: (t) => sql.fragment`
      SELECT 'inventory in transit' AS subject, coalesce(a.ledger_balance, 0) = moved.value AS ok,
        format('in-transit account %s, goods in transit by their movements %s', coalesce(a.ledger_balance, 0), moved.value) AS detail
      FROM (
        SELECT coalesce(-sum(round(quantity * coalesce(unit_cost, 0), 4)), 0) AS value
        FROM ${t("stock_movements")} WHERE movement_type IN ('transfer_out', 'transfer_in')
      ) moved
      LEFT JOIN ${t("posting_accounts")} p ON p.purpose = 'inventory_in_transit'
      LEFT JOIN ${t("chart_of_accounts")} a ON a.id = p.account_id`,
  },
  {
    module: "inventory",
    // A posted count moved each counted line by counted − book quantity at the time it was
    // counted (inventory/counts/recordStockCount.ts), through adjustment movements naming the count.
    name: "posted counts moved stock by counted minus book quantity",
    subjects: "posted count lines",
    query: (t) => sql.fragment`
      SELECT c.count_number || '/' || coalesce(lines.product_variant_id, lines.product_id)::text AS subject,
        lines.difference = coalesce(moved.quantity, 0) AS ok,
        format('count %s, variant %s: counted − book %s, adjustments %s', c.count_number, coalesce(lines.product_variant_id, lines.product_id),
          lines.difference, coalesce(moved.quantity, 0)) AS detail
      FROM (
        SELECT stock_count_id, product_id, product_variant_id, sum(counted_quantity - book_quantity) AS difference
        FROM ${t("stock_count_items")} WHERE counted_quantity IS NOT NULL GROUP BY stock_count_id, product_id, product_variant_id
      ) lines
      JOIN ${t("stock_counts")} c ON c.id = lines.stock_count_id AND c.status = 'posted'
      LEFT JOIN (
        SELECT reference_id, product_id, product_variant_id, sum(quantity) AS quantity
        FROM ${t("stock_movements")} WHERE reference_type = 'stock_count' AND movement_type = 'adjustment'
        GROUP BY reference_id, product_id, product_variant_id
      ) moved ON moved.reference_id = c.id AND moved.product_id = lines.product_id
        AND moved.product_variant_id IS NOT DISTINCT FROM lines.product_variant_id`,
  },
];
