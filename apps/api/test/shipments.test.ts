import { findPgError } from "@erp/db";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditOf, expectStockRulesHold, inventoryBooks, postingsOf } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { openShop, type Shop } from "./support/fixtures.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let tenant: TestTenant;
let shop: Shop;

/** 10 units at 4.00 and 10 at 6.00: the moving average is 5.0000 exactly. */
beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("ship");
  shop = await openShop(tenant.client, "SH", 0);
  const key = { product_id: shop.productId, product_variant_id: shop.variantId, warehouse_id: shop.warehouseId };
  await tenant.client.inventory.stock.receive.mutate({ ...key, quantity: 10, unit_cost: "4" });
  await tenant.client.inventory.stock.receive.mutate({ ...key, quantity: 10, unit_cost: "6" });
});
afterAll(async () => api?.close());

async function stockRow() {
  const levels = await tenant.client.inventory.stock.levels.query({ product_id: shop.productId });
  const row = levels.items.find((level) => level.product_variant_id === shop.variantId);
  return { onHand: row?.quantity_on_hand, reserved: row?.quantity_reserved, average: row?.average_cost };
}

async function confirmedOrder(quantity: number) {
  const { orders } = tenant.client.sales;
  const order = await orders.create.mutate({ customer_id: shop.customerId, lines: [{ product_variant_id: shop.variantId, quantity }] });
  await orders.confirm.mutate({ id: order.id });
  return order;
}

describe("sales.shipments", () => {
  test("a partial shipment then the rest: statuses, quantities, consecutive numbers, cost of goods sold at the average", async () => {
    const { shipments, orders } = tenant.client.sales;
    expect(await stockRow()).toEqual({ onHand: "20.0000", reserved: "0.0000", average: "5.0000" });
    const order = await confirmedOrder(5);
    const lineId = order.lines[0]?.id ?? "";

    const first = await shipments.create.mutate({ order_id: order.id, lines: [{ order_item_id: lineId, quantity: 2 }] });
    expect(first).toMatchObject({ order_id: order.id, status: "shipped", shipment_number: "SH-000001" });
    expect(first.lines.map((line) => [line.order_item_id, line.quantity, line.unit_cost])).toEqual([[lineId, "2.0000", "5.0000"]]);
    const partly = await orders.get.query({ id: order.id });
    expect(partly).toMatchObject({ status: "partially_shipped", shipped_at: null });
    expect(partly.lines[0]?.quantity_shipped).toBe("2.0000");
    expect(await stockRow()).toEqual({ onHand: "18.0000", reserved: "3.0000", average: "5.0000" });
    expect(await postingsOf(api, tenant.slug, "shipment", first.id)).toEqual([
      ["1300", "0.0000", "10.0000"],
      ["5000", "10.0000", "0.0000"],
    ]);

    const rest = await shipments.create.mutate({ order_id: order.id });
    expect(rest.shipment_number).toBe("SH-000002");
    expect(rest.lines.map((line) => [line.quantity, line.unit_cost])).toEqual([["3.0000", "5.0000"]]);
    const done = await orders.get.query({ id: order.id });
    expect(done.status).toBe("shipped");
    expect(done.shipped_at).not.toBeNull();
    expect(done.lines[0]?.quantity_shipped).toBe("5.0000");
    expect(await stockRow()).toEqual({ onHand: "15.0000", reserved: "0.0000", average: "5.0000" });
    expect(await postingsOf(api, tenant.slug, "shipment", rest.id)).toEqual([
      ["1300", "0.0000", "15.0000"],
      ["5000", "15.0000", "0.0000"],
    ]);
    // Inventory: 40 + 60 received, 10 + 15 shipped at cost.
    expect(await inventoryBooks(api, tenant.slug)).toEqual({ ledger: "75.0000", worth: "75.0000" });

    const movements = await tenant.client.inventory.stock.movements.query({ product_id: shop.productId, movement_type: "sale" });
    expect(movements.items.map((m) => [m.quantity, m.unit_cost, m.reference_type, m.reference_id])).toEqual([
      ["-2.0000", "5.0000", "shipment", first.id],
      ["-3.0000", "5.0000", "shipment", rest.id],
    ]);
    expect((await shipments.list.query({ order_id: order.id })).items.map((s) => s.id)).toEqual([first.id, rest.id]);
    const paged = await shipments.list.query({ order_id: order.id, limit: 1 });
    expect(paged.items.map((s) => s.id)).toEqual([first.id]);
    expect((await shipments.list.query({ order_id: order.id, cursor: paged.nextCursor ?? undefined })).items.map((s) => s.id)).toEqual([
      rest.id,
    ]);
    expect((await shipments.get.query({ id: rest.id })).lines).toHaveLength(1);
    await expectCode(shipments.get.query({ id: "01a21242-e4ff-708f-a474-e3f555de7dd8" }), "NOT_FOUND");

    expect(
      (await auditOf(api, tenant.slug, "orders", order.id)).map(([action, data]) => [action, (data as { after: unknown }).after]),
    ).toEqual([
      ["create", expect.objectContaining({ status: "draft" })],
      ["confirm", { status: "confirmed" }],
      ["ship", { status: "partially_shipped", shipment_number: "SH-000001" }],
      ["ship", { status: "shipped", shipment_number: "SH-000002" }],
    ]);
    expect((await auditOf(api, tenant.slug, "shipments", first.id)).map(([action]) => action)).toEqual(["create"]);
    expect((await orders.deliver.mutate({ id: order.id })).status).toBe("delivered");
    await expectStockRulesHold(api, tenant.slug);
  });

  test("shipping more than ordered, twice the same line, nothing left or an unconfirmed order is refused in one sentence", async () => {
    const { shipments, orders } = tenant.client.sales;
    const order = await confirmedOrder(2);
    const lineId = order.lines[0]?.id ?? "";
    expect(
      await expectCode(shipments.create.mutate({ order_id: order.id, lines: [{ order_item_id: lineId, quantity: 3 }] }), "BAD_REQUEST"),
    ).toMatch(
      /^lines\.0\.quantity: cannot ship 3 of SKU MUG-SH-BLUE, which would ship more than ordered \(2\.0000 ordered, 0\.0000 shipped, 2\.0000 left\)\.$/,
    );
    await expectCode(
      shipments.create.mutate({
        order_id: order.id,
        lines: [
          { order_item_id: lineId, quantity: 1 },
          { order_item_id: lineId, quantity: 1 },
        ],
      }),
      "BAD_REQUEST",
    );
    await expectCode(
      shipments.create.mutate({ order_id: order.id, lines: [{ order_item_id: "01a21242-e4ff-708f-a474-e3f555de7dd8", quantity: 1 }] }),
      "NOT_FOUND",
    );
    await shipments.create.mutate({ order_id: order.id, lines: [{ order_item_id: lineId, quantity: 1 }] });
    expect(await expectCode(orders.deliver.mutate({ id: order.id }), "BAD_REQUEST")).toMatch(/only shipped orders can be delivered/);
    expect(await expectCode(orders.cancel.mutate({ id: order.id }), "BAD_REQUEST")).toMatch(/is partially shipped and cannot be cancelled/);
    expect((await orders.ship.mutate({ id: order.id })).status).toBe("shipped");
    expect(await expectCode(shipments.create.mutate({ order_id: order.id }), "BAD_REQUEST")).toMatch(
      /is shipped: only confirmed or partially shipped orders can ship/,
    );
    const draft = await orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: 1 }],
    });
    await expectCode(shipments.create.mutate({ order_id: draft.id }), "BAD_REQUEST");
    await orders.cancel.mutate({ id: draft.id });
    await expectCode(shipments.create.mutate({ order_id: "01a21242-e4ff-708f-a474-e3f555de7dd8" }), "NOT_FOUND");
    // The database refuses over-shipping too, whatever the code does.
    const overShipped = await api.db.pool
      .query(
        sql.unsafe`UPDATE ${sql.identifier([`tenant_${tenant.slug}`, "order_items"])} SET quantity_shipped = quantity + 1 WHERE id = ${lineId}`,
      )
      .then(
        () => "accepted",
        (error: unknown) => findPgError(error)?.constraint,
      );
    expect(overShipped).toBe("order_items_shipped_le_quantity");
    // 15 on hand at 5.00 before; 1 + 1 shipped since (the cancelled draft shipped nothing).
    expect(await inventoryBooks(api, tenant.slug)).toEqual({ ledger: "65.0000", worth: "65.0000" });
  });

  test("goods that cost nothing post nothing, and the shipment still takes its gapless number (with its audit row)", async () => {
    const free = await openShop(tenant.client, "FREE", 0);
    const key = { product_id: free.productId, product_variant_id: free.variantId, warehouse_id: free.warehouseId };
    await tenant.client.inventory.stock.receive.mutate({ ...key, quantity: 3, unit_cost: "0" });
    const { orders, shipments } = tenant.client.sales;
    const order = await orders.create.mutate({
      customer_id: free.customerId,
      lines: [{ product_variant_id: free.variantId, quantity: 3 }],
    });
    await orders.confirm.mutate({ id: order.id });
    const before = await shipments.list.query({ limit: 100 });
    const shipment = await shipments.create.mutate({ order_id: order.id });
    const previous = Math.max(...before.items.map((item) => Number(item.shipment_number.replace(/^\D+/, ""))));
    expect(shipment.shipment_number).toBe(`SH-${String(previous + 1).padStart(6, "0")}`);
    expect(shipment.lines.map((line) => [line.quantity, line.unit_cost])).toEqual([["3.0000", "0.0000"]]);
    expect(await postingsOf(api, tenant.slug, "shipment", shipment.id)).toEqual([]);
    const [created] = (await auditOf(api, tenant.slug, "shipments", shipment.id)) as [string, { after: { shipment_number: string } }][];
    expect(created?.[1].after.shipment_number).toBe(shipment.shipment_number);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("of two concurrent shipments of the last units, exactly one ships", async () => {
    const order = await confirmedOrder(1);
    const [first, second] = [
      await api.signIn(tenant.slug, tenant.email, tenant.password),
      await api.signIn(tenant.slug, tenant.email, tenant.password),
    ];
    const results = await Promise.allSettled([
      first.sales.shipments.create.mutate({ order_id: order.id }),
      second.sales.shipments.create.mutate({ order_id: order.id }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failure = results.find((result) => result.status === "rejected");
    expect(await expectCode(Promise.reject(failure?.reason), "BAD_REQUEST")).toMatch(/is shipped: only confirmed or partially shipped/);
    const shipped = await tenant.client.sales.orders.get.query({ id: order.id });
    expect(shipped.lines[0]?.quantity_shipped).toBe("1.0000");
    expect((await tenant.client.sales.shipments.list.query({ order_id: order.id })).items).toHaveLength(1);
    const books = await inventoryBooks(api, tenant.slug);
    expect(books.ledger).toBe(books.worth);
    await expectStockRulesHold(api, tenant.slug);
  });
});
