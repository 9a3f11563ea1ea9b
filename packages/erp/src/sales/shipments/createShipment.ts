import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../../actor.ts";
import { type AuditEvent, auditWithNumber } from "../../audit/recordAudit.ts";
import { provisionalNumber } from "../../books/numberDocument.ts";
import { formatUnits, sumUnits, toUnits } from "../../inventory/decimalUnits.ts";
import { moveStock } from "../../inventory/moveStock.ts";
import { postStockValue } from "../../inventory/postStockValue.ts";
import { loadShipment, type ShipmentWithLines } from "./loadShipment.ts";

export type CreateShipmentInput = {
  order_id: string;
  /** What to ship of which line; everything not yet shipped when left out. */
  lines?: readonly { order_item_id: string; quantity: string }[] | undefined;
};

const lockedOrder = z.object({ number: z.string(), status: z.string(), currency: z.string(), shippingAddressId: z.uuid().nullable() });

const orderLine = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  variantId: z.uuid().nullable(),
  sku: z.string(),
  quantity: z.string(),
  shipped: z.string(),
  stockable: z.boolean(),
  reservationId: z.uuid().nullable(),
  reserved: z.string().nullable(),
  warehouseId: z.uuid().nullable(),
});
type OrderLine = z.infer<typeof orderLine>;

/**
 * Ships part or all of a confirmed order in one transaction: the order row is locked first, so
 * shipments of one order queue and each sees what the previous one shipped (two racing for the
 * last units: the second finds nothing left and is refused). Per line: stock leaves its warehouse
 * at the moving average (a `sale` movement referencing the shipment), the reservation is consumed
 * by what shipped, the line's quantity_shipped grows (the database's CHECK refuses more than
 * ordered); the order becomes partially shipped or shipped. Last, under the locks every shipment
 * of the tenant shares: the stock rows, then one statement that takes the next gapless SH number,
 * posts the goods' cost Dr cost of goods sold / Cr inventory (source: the shipment) and audits the
 * shipment and the order's transition.
 */
export async function createShipment(tx: TenantQueries, input: CreateShipmentInput, actor: Actor): Promise<ShipmentWithLines> {
  const order = await tx.maybeOne(sql.type(lockedOrder)`
    SELECT order_number AS number, status, currency, shipping_address_id AS "shippingAddressId"
    FROM orders WHERE id = ${input.order_id} FOR UPDATE`);
  if (!order) throw new NotFoundError(`No order has the id ${input.order_id}.`);
  if (order.status !== "confirmed" && order.status !== "partially_shipped") {
    throw new InvalidInputError(
      `Order ${order.number} is ${order.status.replace("_", " ")}: only confirmed or partially shipped orders can ship.`,
    );
  }

  const lines = await tx.any(sql.type(orderLine)`
    SELECT oi.id, oi.product_id AS "productId", oi.product_variant_id AS "variantId", oi.sku, oi.quantity::text AS quantity,
      oi.quantity_shipped::text AS shipped, p.is_stockable AS stockable, r.id AS "reservationId", r.quantity::text AS reserved,
      coalesce(r.warehouse_id, (SELECT id FROM warehouses WHERE is_default LIMIT 1)) AS "warehouseId"
    FROM order_items oi
    JOIN products p ON p.id = oi.product_id
    LEFT JOIN LATERAL (
      SELECT id, quantity, warehouse_id FROM stock_reservations
      WHERE order_item_id = oi.id AND status = 'active' ORDER BY id LIMIT 1 FOR UPDATE
    ) r ON TRUE
    WHERE oi.order_id = ${input.order_id}
    ORDER BY oi.position, oi.id`);
  const wanted = chooseQuantities(order.number, lines, input.lines);

  // Everything of the shipment but its stock and its number is written first: the stock rows and
  // the series are shared with every other shipment of the tenant and stay locked until commit, so
  // they are taken last (see books/numberDocument.ts).
  const shipment = await tx.one(sql.type(z.object({ id: z.uuid(), status: z.string() }))`
    WITH shipment AS (
      INSERT INTO shipments (shipment_number, order_id, shipping_address_id, status, currency, shipped_at, created_by)
      VALUES (${provisionalNumber}, ${input.order_id}, ${order.shippingAddressId}, 'shipped', ${order.currency}, now(), ${actor.userId}::uuid)
      RETURNING id
    ), items AS (
      INSERT INTO shipment_items (shipment_id, order_item_id, quantity)
      SELECT shipment.id, l.order_item_id, l.quantity
      FROM shipment, ${sql.unnest(
        [...wanted].map(([line, quantity]) => [line.id, quantity]),
        ["uuid", "numeric"],
      )} AS l(order_item_id, quantity)
    ), lines AS (
      UPDATE order_items oi SET quantity_shipped = oi.quantity_shipped + l.quantity, updated_at = now()
      FROM ${sql.unnest(
        [...wanted].map(([line, quantity]) => [line.id, quantity]),
        ["uuid", "numeric"],
      )} AS l(order_item_id, quantity)
      WHERE oi.id = l.order_item_id
      RETURNING oi.id, oi.quantity, oi.quantity_shipped
    )
    SELECT (SELECT id FROM shipment) AS id,
      CASE WHEN bool_and(coalesce(l.quantity_shipped, oi.quantity_shipped) = oi.quantity) THEN 'shipped' ELSE 'partially_shipped' END AS status
    FROM order_items oi LEFT JOIN lines l ON l.id = oi.id
    WHERE oi.order_id = ${input.order_id}`);
  const shipmentId = shipment.id;
  for (const [line, quantity] of wanted) await consumeReservation(tx, line, quantity);

  const alongside: FragmentSqlToken[] = [];
  const audits: (AuditEvent & { numberField: string })[] = [];
  if (shipment.status !== order.status) {
    await tx.query(sql.unsafe`
      UPDATE orders SET status = ${shipment.status}, updated_at = now()
        ${shipment.status === "shipped" ? sql.fragment`, shipped_at = now()` : sql.fragment``}
      WHERE id = ${input.order_id}`);
    alongside.push(
      sql.fragment`
        INSERT INTO order_status_history (order_id, from_status, to_status, changed_by, note)
        SELECT ${input.order_id}, ${order.status}, ${shipment.status}, ${actor.userId}::uuid, 'shipment ' || number FROM document_number`,
    );
    audits.push({
      action: "ship",
      entity: "orders",
      entityId: input.order_id,
      before: { status: order.status },
      after: { status: shipment.status },
      numberField: "shipment_number",
    });
  }
  const loaded = await loadShipment(tx, shipmentId);

  // Stock rows in a fixed order, so shipments of different orders sharing products cannot deadlock.
  const byStock = [...wanted].sort(([a], [b]) => stockOrder(a).localeCompare(stockOrder(b)));
  const shipped: { line: OrderLine; quantity: string; unitCost: string; valueChange: string }[] = [];
  for (const [line, quantity] of byStock) {
    if (!line.stockable || !line.warehouseId) {
      shipped.push({ line, quantity, unitCost: "0", valueChange: "0" });
      continue;
    }
    const release = formatUnits(minUnits(toUnits(quantity), toUnits(line.reserved ?? "0")));
    const moved = await moveStock(
      tx,
      { product_id: line.productId, product_variant_id: line.variantId, warehouse_id: line.warehouseId },
      line.sku,
      { type: "sale", change: `-${quantity}`, releaseReserved: release, reference: { type: "shipment", id: shipmentId } },
      actor,
    );
    shipped.push({ line, quantity, unitCost: moved.unitCost, valueChange: moved.valueChange });
  }
  const unitCosts = new Map(shipped.map((s) => [s.line.id, s.unitCost]));
  const shippedLines = loaded.lines.map((item) => ({ ...item, unit_cost: unitCosts.get(item.order_item_id) ?? item.unit_cost }));
  alongside.push(
    sql.fragment`
      UPDATE shipment_items si SET unit_cost = c.unit_cost
      FROM ${sql.unnest(
        shipped.map((s) => [s.line.id, s.unitCost]),
        ["uuid", "numeric"],
      )} AS c(order_item_id, unit_cost)
      WHERE si.shipment_id = ${shipmentId} AND si.order_item_id = c.order_item_id`,
    auditWithNumber(actor, [
      ...audits,
      {
        action: "create",
        entity: "shipments",
        entityId: shipmentId,
        after: {
          order_id: input.order_id,
          lines: shippedLines.map(({ order_item_id, quantity, unit_cost }) => ({ order_item_id, quantity, unit_cost })),
        },
        numberField: "shipment_number",
      },
    ]),
  );

  // The goods' cost: what the stock rows lost in worth (see moveStock), so the inventory account
  // keeps equal to the stock's worth and cost of goods sold takes exactly that. The shipment takes
  // its gapless SH number in the same statement.
  const cost = sumUnits(shipped.map((s) => s.valueChange));
  const document = { series: "shipment", table: "shipments", column: "shipment_number", id: shipmentId, alongside } as const;
  const { documentNumber } = await postStockValue(
    tx,
    {
      description: `Shipment {number} of order ${order.number}`,
      reference: "{number}",
      source: { type: "shipment", id: shipmentId },
      inventoryChange: cost,
      counter: { account: "cost_of_goods_sold", amount: cost },
    },
    actor,
    document,
  );
  return { ...loaded, shipment_number: documentNumber ?? loaded.shipment_number, lines: shippedLines };
}

/** What to ship of each line: as asked (checked against what is left), or everything left. */
function chooseQuantities(orderNumber: string, lines: readonly OrderLine[], asked: CreateShipmentInput["lines"]): Map<OrderLine, string> {
  const left = (line: OrderLine) => toUnits(line.quantity) - toUnits(line.shipped);
  const wanted = new Map<OrderLine, string>();
  if (!asked) {
    for (const line of lines) if (left(line) > 0n) wanted.set(line, formatUnits(left(line)));
    if (wanted.size === 0) throw new InvalidInputError(`Order ${orderNumber} has nothing left to ship.`);
    return wanted;
  }
  if (asked.length === 0) throw new InvalidInputError("lines: name at least one line to ship, or leave lines out to ship everything left.");
  for (const [index, request] of asked.entries()) {
    const line = lines.find((candidate) => candidate.id === request.order_item_id);
    if (!line) throw new NotFoundError(`lines.${index}.order_item_id: order ${orderNumber} has no line ${request.order_item_id}.`);
    if (wanted.has(line)) throw new InvalidInputError(`lines.${index}.order_item_id: line ${line.sku} is named twice.`);
    if (toUnits(request.quantity) > left(line)) {
      throw new InvalidInputError(
        `lines.${index}.quantity: cannot ship ${request.quantity} of SKU ${line.sku}, which would ship more than ordered (${line.quantity} ordered, ${line.shipped} shipped, ${formatUnits(left(line))} left).`,
      );
    }
    wanted.set(line, request.quantity);
  }
  return wanted;
}

/** Takes what shipped off the line's active reservation: a fulfilled part is split off, a fully used one is fulfilled. */
async function consumeReservation(tx: TenantQueries, line: OrderLine, quantity: string): Promise<void> {
  if (!line.reservationId || line.reserved === null) return;
  if (toUnits(quantity) >= toUnits(line.reserved)) {
    await tx.query(sql.unsafe`UPDATE stock_reservations SET status = 'fulfilled', updated_at = now() WHERE id = ${line.reservationId}`);
    return;
  }
  await tx.query(sql.unsafe`
    WITH rest AS (
      UPDATE stock_reservations SET quantity = quantity - ${quantity}::numeric, updated_at = now() WHERE id = ${line.reservationId}
      RETURNING order_id, order_item_id, product_id, product_variant_id, warehouse_id, bin_id, lot_id, reserved_at, created_by
    )
    INSERT INTO stock_reservations (order_id, order_item_id, product_id, product_variant_id, warehouse_id, bin_id, lot_id, quantity, status,
      reserved_at, created_by)
    SELECT order_id, order_item_id, product_id, product_variant_id, warehouse_id, bin_id, lot_id, ${quantity}::numeric, 'fulfilled',
      reserved_at, created_by
    FROM rest`);
}

function stockOrder(line: OrderLine): string {
  return `${line.productId}/${line.variantId ?? ""}/${line.warehouseId ?? ""}`;
}

function minUnits(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
