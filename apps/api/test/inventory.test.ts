import { findPgError } from "@erp/db";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectStockRulesHold, inventoryBooks, postingsOf } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { openShop, type Shop } from "./support/fixtures.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let tenant: TestTenant;
let shop: Shop;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("stock");
  shop = await openShop(tenant.client, "I", 10);
});
afterAll(async () => api?.close());

describe("warehouses, zones and bins", () => {
  test("create, get, update, list by parent, archive", async () => {
    const { warehouses, zones, bins } = tenant.client.inventory;
    const warehouse = await warehouses.create.mutate({ code: "EAST", name: "East", kind: "distribution_center", country: "DE" });
    expect((await warehouses.get.query({ id: warehouse.id })).kind).toBe("distribution_center");
    expect((await warehouses.update.mutate({ id: warehouse.id, patch: { city: "Berlin" } })).city).toBe("Berlin");
    const zone = await zones.create.mutate({ warehouse_id: warehouse.id, code: "A", name: "Aisle A", kind: "picking" });
    const bin = await bins.create.mutate({ zone_id: zone.id, code: "A-01", barcode: "BIN-A-01" });
    expect((await zones.list.query({ warehouse_id: warehouse.id })).items.map((row) => row.code)).toEqual(["A"]);
    expect((await bins.list.query({ zone_id: zone.id })).items.map((row) => row.barcode)).toEqual(["BIN-A-01"]);
    expect((await bins.update.mutate({ id: bin.id, patch: { is_pickable: false } })).is_pickable).toBe(false);
    expect((await bins.archive.mutate({ id: bin.id })).status).toBe("inactive");
    expect((await zones.archive.mutate({ id: zone.id })).status).toBe("inactive");
    expect((await warehouses.archive.mutate({ id: warehouse.id })).status).toBe("inactive");
    await expectCode(zones.create.mutate({ warehouse_id: warehouse.id, code: "A", name: "Duplicate" }), "CONFLICT");
    await expectCode(bins.create.mutate({ zone_id: "01a21242-e4ff-708f-a474-e3f555de7dd8", code: "X" }), "NOT_FOUND");
  });
});

describe("inventory.stock", () => {
  const key = () => ({ product_id: shop.productId, product_variant_id: shop.variantId, warehouse_id: shop.warehouseId });

  test("receive and adjust change the quantity on hand and write movements", async () => {
    const received = await tenant.client.inventory.stock.receive.mutate({ ...key(), quantity: 5, unit_cost: "4.20" });
    expect(received.stock.quantity_on_hand).toBe("15.0000");
    const adjusted = await tenant.client.inventory.stock.adjust.mutate({ ...key(), quantity_change: -2, note: "broken" });
    expect(adjusted.stock).toMatchObject({ quantity_on_hand: "13.0000", quantity_available: "13.0000" });
    const movements = await tenant.client.inventory.stock.movements.query({ product_id: shop.productId });
    const byId = new Map(movements.items.map((movement) => [movement.id, movement]));
    expect(byId.get(received.movement_id)).toMatchObject({ movement_type: "receipt", quantity: "5.0000", unit_cost: "4.2000" });
    expect(byId.get(adjusted.movement_id)).toMatchObject({
      movement_type: "adjustment",
      quantity: "-2.0000",
      note: "broken",
      unit_cost: "4.7333",
    });
    // 10 at 5.00 and 5 at 4.20: (50 + 21) / 15 = 4.73333… → 4.7333, worth 15 × 4.7333 = 70.9995. The
    // receipt credits equity its cost (21), the inventory account takes the change of worth and
    // the rounding (0.0005) goes to inventory adjustments.
    expect(received.stock.average_cost).toBe("4.7333");
    expect(await postingsOf(api, tenant.slug, "stock_movement", received.movement_id)).toEqual([
      ["1300", "20.9995", "0.0000"],
      ["3000", "0.0000", "21.0000"],
      ["5100", "0.0005", "0.0000"],
    ]);
    // 2 leave at the average: 70.9995 − 13 × 4.7333 = 9.4666.
    expect(await postingsOf(api, tenant.slug, "stock_movement", adjusted.movement_id)).toEqual([
      ["1300", "0.0000", "9.4666"],
      ["5100", "9.4666", "0.0000"],
    ]);
    expect(await inventoryBooks(api, tenant.slug)).toEqual({ ledger: "61.5329", worth: "61.5329" });
  });

  test("moving average: receipts at two costs, adjustments in at the average or a given cost, out at the average", async () => {
    const { stock } = tenant.client.inventory;
    const item = await openShop(tenant.client, "AVG", 0);
    const at = { product_id: item.productId, product_variant_id: item.variantId, warehouse_id: item.warehouseId };
    const first = await stock.receive.mutate({ ...at, quantity: 4, unit_cost: "10" });
    const second = await stock.receive.mutate({ ...at, quantity: 6, unit_cost: "12.50" });
    expect(second.stock).toMatchObject({ quantity_on_hand: "10.0000", average_cost: "11.5000" });
    expect(await postingsOf(api, tenant.slug, "stock_movement", first.movement_id)).toEqual([
      ["1300", "40.0000", "0.0000"],
      ["3000", "0.0000", "40.0000"],
    ]);
    expect(await postingsOf(api, tenant.slug, "stock_movement", second.movement_id)).toEqual([
      ["1300", "75.0000", "0.0000"],
      ["3000", "0.0000", "75.0000"],
    ]);
    const found = await stock.adjust.mutate({ ...at, quantity_change: 2 });
    expect(found.stock.average_cost).toBe("11.5000");
    expect(await postingsOf(api, tenant.slug, "stock_movement", found.movement_id)).toEqual([
      ["1300", "23.0000", "0.0000"],
      ["5100", "0.0000", "23.0000"],
    ]);
    const dearer = await stock.adjust.mutate({ ...at, quantity_change: "3", unit_cost: "14" });
    expect(dearer.stock).toMatchObject({ quantity_on_hand: "15.0000", average_cost: "12.0000" });
    const lost = await stock.adjust.mutate({ ...at, quantity_change: -5, note: "lost" });
    expect(lost.stock).toMatchObject({ quantity_on_hand: "10.0000", average_cost: "12.0000" });
    expect(await postingsOf(api, tenant.slug, "stock_movement", lost.movement_id)).toEqual([
      ["1300", "0.0000", "60.0000"],
      ["5100", "60.0000", "0.0000"],
    ]);
    const ledger = await stock.movements.query({ product_id: item.productId });
    expect(ledger.items.map((movement) => [movement.movement_type, movement.quantity, movement.unit_cost])).toEqual([
      ["receipt", "4.0000", "10.0000"],
      ["receipt", "6.0000", "12.5000"],
      ["adjustment", "2.0000", "11.5000"],
      ["adjustment", "3.0000", "14.0000"],
      ["adjustment", "-5.0000", "12.0000"],
    ]);
    const books = await inventoryBooks(api, tenant.slug);
    expect(books.ledger).toBe(books.worth);
    await expectCode(stock.receive.mutate({ ...at, quantity: 1, unit_cost: "-1" }), "BAD_REQUEST");
  });

  test("stock never goes below zero or below what is reserved", async () => {
    const { stock } = tenant.client.inventory;
    const before = await stock.levels.query({ product_id: shop.productId });
    await tenant.client.sales.orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: 4 }],
    });
    const onHand = Number(before.items[0]?.quantity_on_hand);
    expect(await expectCode(stock.adjust.mutate({ ...key(), quantity_change: -(onHand - 3) }), "CONFLICT")).toMatch(
      /insufficient stock for SKU MUG-I-BLUE/,
    );
    await expectCode(stock.adjust.mutate({ ...key(), quantity_change: -1000 }), "CONFLICT");
    expect((await stock.adjust.mutate({ ...key(), quantity_change: -(onHand - 4) })).stock).toMatchObject({
      quantity_on_hand: "4.0000",
      quantity_available: "0.0000",
    });
    // The database refuses it too, whatever the API does.
    const schema = sql.identifier([`tenant_${tenant.slug}`, "inventory"]);
    const refusal = (statement: ReturnType<typeof sql.unsafe>) =>
      api.db.pool.query(statement).then(
        () => "accepted",
        (error: unknown) => findPgError(error)?.constraint,
      );
    expect(await refusal(sql.unsafe`UPDATE ${schema} SET quantity_on_hand = -1`)).toBe("inventory_quantity_on_hand_check");
    expect(await refusal(sql.unsafe`UPDATE ${schema} SET quantity_reserved = quantity_on_hand + 1`)).toBe("inventory_reserved_le_on_hand");
  });

  test("transfer moves available stock between warehouses with a movement on each side", async () => {
    const { stock, warehouses } = tenant.client.inventory;
    // 4 on hand at 4.7333 (18.9332) and 6 at 5.40: 51.3332 / 10 → 5.1333.
    expect((await stock.receive.mutate({ ...key(), quantity: 6, unit_cost: "5.40" })).stock.average_cost).toBe("5.1333");
    const west = await warehouses.create.mutate({ code: "WEST", name: "West" });
    const moved = await stock.transfer.mutate({
      product_id: shop.productId,
      product_variant_id: shop.variantId,
      from_warehouse_id: shop.warehouseId,
      to_warehouse_id: west.id,
      quantity: "2.5",
    });
    expect(moved.from.stock.quantity_on_hand).toBe("7.5000");
    expect(moved.to.stock).toMatchObject({ warehouse_id: west.id, quantity_on_hand: "2.5000", average_cost: "5.1333" });
    // Both sides are the inventory account; only the rounding of the two rows' worth moves it:
    // 7.5 × 5.1333 = 38.49975 → 38.4998 and 2.5 × 5.1333 = 12.83325 → 12.8333, 0.0001 more than 51.333.
    expect(await postingsOf(api, tenant.slug, "stock_transfer", moved.transfer_id)).toEqual([
      ["1300", "0.0001", "0.0000"],
      ["5100", "0.0000", "0.0001"],
    ]);
    const ledger = await stock.movements.query({ product_id: shop.productId, warehouse_id: west.id });
    expect(ledger.items.map((movement) => [movement.movement_type, movement.quantity, movement.unit_cost, movement.reference_id])).toEqual([
      ["transfer_in", "2.5000", "5.1333", moved.transfer_id],
    ]);
    await expectCode(
      stock.transfer.mutate({
        product_id: shop.productId,
        product_variant_id: shop.variantId,
        from_warehouse_id: west.id,
        to_warehouse_id: shop.warehouseId,
        quantity: 3,
      }),
      "CONFLICT",
    );
    await expectCode(
      stock.transfer.mutate({ product_id: shop.productId, from_warehouse_id: west.id, to_warehouse_id: west.id, quantity: 1 }),
      "BAD_REQUEST",
    );
    await expectCode(
      stock.receive.mutate({
        product_id: shop.productId,
        product_variant_id: "01a21242-e4ff-708f-a474-e3f555de7dd8",
        warehouse_id: west.id,
        quantity: 1,
        unit_cost: "1",
      }),
      "NOT_FOUND",
    );
    const books = await inventoryBooks(api, tenant.slug);
    expect(books.ledger).toBe(books.worth);
    await expectStockRulesHold(api, tenant.slug);
  });
});
