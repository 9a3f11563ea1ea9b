import { randomBytes } from "node:crypto";
import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type OrdersRow, orderItemsColumns, orderItemsRow, ordersColumns, ordersRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { applyOrderToSalesRollups } from "../../analytics/applyOrderToSalesRollups.ts";
import { recordAudit } from "../../audit/recordAudit.ts";
import { keepBinStock } from "../../inventory/binStock.ts";
import { sumUnits } from "../../inventory/decimalUnits.ts";
import type { OrderWithLines } from "./loadOrder.ts";

/** A new order as the API takes it (validated by the router's schema). */
export type CreateOrderInput = {
  customer_id: string;
  /** Where stock is reserved; the default warehouse when left out. */
  warehouse_id?: string | undefined;
  /** Prices come from this price list (or the customer's), else from the variant or product. */
  price_list_id?: string | undefined;
  billing_address_id?: string | undefined;
  shipping_address_id?: string | undefined;
  source?: OrdersRow["source"] | undefined;
  currency?: string | undefined;
  shipping_total?: string | undefined;
  customer_note?: string | null | undefined;
  lines: readonly { product_id?: string | undefined; product_variant_id?: string | undefined; quantity: string }[];
};

const header = z.object({
  customerStatus: z.string(),
  currency: z.string(),
  priceListId: z.uuid().nullable(),
  warehouseId: z.uuid().nullable(),
  addressesBelong: z.boolean(),
});

const pricedLine = z.object({
  position: z.number(),
  productId: z.uuid(),
  variantId: z.uuid().nullable(),
  taxRateId: z.uuid().nullable(),
  sku: z.string(),
  name: z.string(),
  sellable: z.boolean(),
  stockable: z.boolean(),
  quantity: z.string(),
  unitPrice: z.string(),
  taxAmount: z.string(),
  exact: z.boolean(),
});
type PricedLine = z.infer<typeof pricedLine>;

/**
 * Creates a draft order: prices and totals computed here from the catalog (never taken from the
 * client), and stock reserved for every stockable line. Reservation is one conditional UPDATE per
 * stock row, in a fixed order (so concurrent orders cannot deadlock): of two orders racing for the
 * last unit, the second waits for the first, re-reads the row, finds nothing available and gets
 * a ConflictError naming the SKU; its transaction rolls back with nothing reserved.
 */
export async function createOrder(tx: TenantQueries, input: CreateOrderInput, actor: Actor): Promise<OrderWithLines> {
  const userId = actor.userId;
  const head = await tx.maybeOne(sql.type(header)`
    SELECT c.status AS "customerStatus", COALESCE(${input.currency ?? null}::text, c.currency) AS currency,
      COALESCE(${input.price_list_id ?? null}::uuid, c.price_list_id) AS "priceListId",
      (SELECT w.id FROM warehouses w
        WHERE CASE WHEN ${input.warehouse_id ?? null}::uuid IS NULL THEN w.is_default ELSE w.id = ${input.warehouse_id ?? null}::uuid END
          AND w.status = 'active') AS "warehouseId",
      NOT EXISTS (
        SELECT 1 FROM unnest(${sql.array([input.billing_address_id ?? null, input.shipping_address_id ?? null], "uuid")}) AS a(id)
        WHERE a.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customer_addresses ca WHERE ca.id = a.id AND ca.customer_id = c.id)
      ) AS "addressesBelong"
    FROM customers c WHERE c.id = ${input.customer_id}`);
  if (!head) throw new NotFoundError(`No customer has the id ${input.customer_id}.`);
  if (head.customerStatus !== "active")
    throw new InvalidInputError(`The customer is ${head.customerStatus}; only active customers can order.`);
  if (!head.addressesBelong) throw new NotFoundError("billing_address_id / shipping_address_id: no such address of this customer.");
  if (!head.warehouseId) {
    if (input.warehouse_id) throw new NotFoundError(`No active warehouse has the id ${input.warehouse_id}.`);
    throw new InvalidInputError("warehouse_id: the tenant has no default warehouse, so name one.");
  }

  const lines = await priceLines(tx, input, head.priceListId);
  for (const priced of lines) {
    if (!priced.sellable) throw new InvalidInputError(`lines.${priced.position}: SKU ${priced.sku} is not for sale.`);
    if (!priced.exact) {
      throw new InvalidInputError(`lines.${priced.position}: quantity × unit price of SKU ${priced.sku} has more than 4 decimals.`);
    }
  }
  await reserveStock(tx, lines, head.warehouseId);

  const shipping = input.shipping_total ?? "0";
  const order = await tx.one(sql.type(ordersRow)`
    WITH lines AS (
      SELECT * FROM ${sql.unnest(
        lines.map((l) => [l.quantity, l.unitPrice, l.taxAmount]),
        ["numeric", "numeric", "numeric"],
      )} AS l(quantity, unit_price, tax_amount)
    )
    INSERT INTO orders (order_number, customer_id, price_list_id, billing_address_id, shipping_address_id, source, currency,
      subtotal, tax_total, shipping_total, grand_total, customer_note, created_by)
    SELECT ${orderNumber()}, ${input.customer_id}, ${head.priceListId}, ${input.billing_address_id ?? null}, ${input.shipping_address_id ?? null},
      ${input.source ?? "manual"}, ${head.currency},
      sum(quantity * unit_price), sum(tax_amount), ${shipping}::numeric,
      sum(quantity * unit_price) + sum(tax_amount) + ${shipping}::numeric, ${input.customer_note ?? null}, ${userId}
    FROM lines
    RETURNING ${ordersColumns}`);

  const items = await tx.any(sql.type(orderItemsRow)`
    WITH lines AS (
      SELECT * FROM ${sql.unnest(
        lines.map((l) => [
          l.position,
          l.productId,
          l.variantId,
          l.taxRateId,
          l.sku,
          l.name,
          l.quantity,
          l.unitPrice,
          l.taxAmount,
          l.stockable,
        ]),
        ["int4", "uuid", "uuid", "uuid", "text", "text", "numeric", "numeric", "numeric", "bool"],
      )} AS l(position, product_id, variant_id, tax_rate_id, sku, name, quantity, unit_price, tax_amount, stockable)
    ), items AS (
      INSERT INTO order_items (order_id, product_id, product_variant_id, tax_rate_id, sku, name, quantity, unit_price, tax_amount,
        line_total, currency, position)
      SELECT ${order.id}, product_id, variant_id, tax_rate_id, sku, name, quantity, unit_price, tax_amount,
        quantity * unit_price + tax_amount, ${order.currency}, position
      FROM lines
      RETURNING ${orderItemsColumns}
    ), reservations AS (
      INSERT INTO stock_reservations (order_id, order_item_id, product_id, product_variant_id, warehouse_id, quantity, created_by)
      SELECT ${order.id}, items.id, items.product_id, items.product_variant_id, ${head.warehouseId}, items.quantity, ${userId}
      FROM items JOIN lines ON lines.position = items.position WHERE lines.stockable
    ), history AS (
      INSERT INTO order_status_history (order_id, to_status, changed_by) VALUES (${order.id}, 'draft', ${userId})
    )
    SELECT * FROM items ORDER BY position`);
  await applyOrderToSalesRollups(tx, order.id, 1);
  await recordAudit(tx, actor, {
    action: "create",
    entity: "orders",
    entityId: order.id,
    after: { order_number: order.order_number, customer_id: order.customer_id, status: order.status, grand_total: order.grand_total },
  });
  return { ...order, lines: [...items] };
}

/** Each line with its catalog SKU, name and price (price list tier, else variant, else product) and its tax. */
async function priceLines(tx: TenantQueries, input: CreateOrderInput, priceListId: string | null): Promise<PricedLine[]> {
  const priced = await tx.any(sql.type(pricedLine)`
    SELECT l.position, p.id AS "productId", v.id AS "variantId", p.tax_rate_id AS "taxRateId",
      COALESCE(v.sku, p.sku) AS sku, COALESCE(v.name, p.name) AS name,
      p.is_sellable AND p.status <> 'archived' AND COALESCE(v.status, 'active') <> 'archived' AS sellable,
      p.is_stockable AS stockable,
      l.quantity::text AS quantity, price.unit::text AS "unitPrice",
      round(l.quantity * price.unit * COALESCE(tr.rate, 0) / 100, 4)::text AS "taxAmount",
      l.quantity * price.unit = round(l.quantity * price.unit, 4) AS exact
    FROM ${sql.unnest(
      input.lines.map((l, index) => [index, l.product_id ?? null, l.product_variant_id ?? null, l.quantity]),
      ["int4", "uuid", "uuid", "numeric"],
    )} AS l(position, product_id, variant_id, quantity)
    LEFT JOIN product_variants v ON v.id = l.variant_id
    JOIN products p ON p.id = COALESCE(v.product_id, l.product_id)
    LEFT JOIN tax_rates tr ON tr.id = p.tax_rate_id AND tr.status = 'active' AND NOT tr.is_inclusive
    CROSS JOIN LATERAL (
      SELECT COALESCE(
        (SELECT pli.price FROM price_list_items pli
          WHERE pli.price_list_id = ${priceListId}::uuid AND pli.product_variant_id = v.id AND pli.min_quantity <= l.quantity
          ORDER BY pli.min_quantity DESC LIMIT 1),
        v.price, p.base_price) AS unit
    ) AS price
    WHERE (l.variant_id IS NULL OR v.id IS NOT NULL) AND (l.product_id IS NULL OR l.product_id = p.id)
    ORDER BY l.position`);
  if (priced.length < input.lines.length) {
    const found = new Set(priced.map((l) => l.position));
    const index = input.lines.findIndex((_, position) => !found.has(position));
    const missing = input.lines[index];
    throw new NotFoundError(
      `lines.${index}: no product ${missing?.product_variant_id ? `variant ${missing.product_variant_id}` : missing?.product_id}${
        missing?.product_id && missing.product_variant_id ? ` of product ${missing.product_id}` : ""
      }.`,
    );
  }
  return [...priced];
}

/** Reserves every stockable line's quantity in the warehouse, one stock row at a time in a fixed order. */
async function reserveStock(tx: TenantQueries, lines: readonly PricedLine[], warehouseId: string): Promise<void> {
  const wanted = new Map<string, { productId: string; variantId: string | null; sku: string; quantities: string[] }>();
  for (const l of lines) {
    if (!l.stockable) continue;
    const key = `${l.productId}/${l.variantId ?? ""}`;
    const entry = wanted.get(key) ?? { productId: l.productId, variantId: l.variantId, sku: l.sku, quantities: [] };
    entry.quantities.push(l.quantity);
    wanted.set(key, entry);
  }
  for (const [, stock] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const reserved = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
      WITH wanted AS (SELECT sum(q) AS quantity FROM unnest(${sql.array(stock.quantities, "numeric")}) AS q)
      UPDATE inventory SET quantity_reserved = quantity_reserved + wanted.quantity, updated_at = now()
      FROM wanted
      WHERE product_id = ${stock.productId} AND product_variant_id IS NOT DISTINCT FROM ${stock.variantId}::uuid
        AND warehouse_id = ${warehouseId} AND quantity_on_hand - quantity_reserved >= wanted.quantity
      RETURNING inventory.id`);
    if (!reserved) throw new ConflictError(`Cannot reserve: insufficient stock for SKU ${stock.sku} in the warehouse.`);
    // The row is locked now; in a warehouse with bins the reservation is spread over the item's bins too.
    await keepBinStock(
      tx,
      { product_id: stock.productId, product_variant_id: stock.variantId, warehouse_id: warehouseId },
      { change: "0", reservedChange: sumUnits(stock.quantities), sku: stock.sku },
    );
  }
}

/** SO-<time base36>-<6 hex>: unique in practice, sortable by creation. */
function orderNumber(): string {
  return `SO-${Date.now().toString(36).toUpperCase()}-${randomBytes(3).toString("hex").toUpperCase()}`;
}
