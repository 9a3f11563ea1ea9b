import type { ErpClient } from "@erp/client";
import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectCode } from "./support/expectCode.ts";
import { openShop } from "./support/fixtures.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Bin stock kept in step with stock levels (packages/erp/src/inventory/binStock.ts), over the typed
 * client: on a demo-data tenant, whose main warehouse has bins, every stock operation moves the
 * item's bins by the documented order; on a fresh tenant, whose warehouse has no bins, nothing is
 * kept in bins until its first bin appears. Both end with every invariant holding.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

const binRow = z.object({ bin_id: z.uuid().nullable(), code: z.string().nullable(), quantity: z.string(), reserved: z.string() });

/** The item's bin rows in a warehouse, as [code, quantity, reserved] by bin id. */
async function binsOf(schemaName: string, variantId: string, warehouseId: string) {
  const rows = await api.db.pool.any(sql.type(binRow)`
    SELECT s.bin_id, b.code, s.quantity::text AS quantity, s.quantity_reserved::text AS reserved
    FROM ${sql.identifier([schemaName, "stock_items"])} s LEFT JOIN ${sql.identifier([schemaName, "bins"])} b ON b.id = s.bin_id
    WHERE s.product_variant_id = ${variantId} AND s.warehouse_id = ${warehouseId}
    ORDER BY b.code`);
  return new Map(rows.map((row) => [row.bin_id, [Number(row.quantity), Number(row.reserved)]]));
}

async function failingRules(schemaName: string): Promise<string[]> {
  const results = await checkInvariants(api.db.pool, schemaName);
  expect(results.length).toBeGreaterThan(10);
  return results.filter((result) => !result.ok).map((result) => `${result.name}: ${result.detail}`);
}

describe("a warehouse with bins (demo data)", () => {
  let client: ErpClient;
  let schemaName: string;
  let warehouseId: string;
  let otherWarehouseId: string;
  let productId: string;
  let variantId: string;
  let binA: string;
  let binB: string;
  let a0: number;
  let r0: number;
  let customerId: string;

  beforeAll(async () => {
    const slug = api.db.slug("bindemo");
    const provisioned = await api.operator.platform.tenants.provision.mutate({
      slug,
      tier: "growth",
      admin: { email: "owner@bindemo.test" },
      seedDemoData: true,
    });
    client = await api.signIn(slug, "owner@bindemo.test", provisioned.admin.password);
    schemaName = tenantNames(slug).schemaName;
    const main = (await client.inventory.warehouses.list.query({ limit: 100 })).items.find((w) => w.is_default);
    warehouseId = main?.id ?? "";
    otherWarehouseId = (await client.inventory.warehouses.create.mutate({ code: "SIDE", name: "Side store without bins" })).id;
    // A variant with stock in one bin of the main warehouse, and another bin of that warehouse.
    const level = (await client.inventory.stock.levels.query({ warehouse_id: warehouseId, limit: 100 })).items.find(
      (row) => row.product_variant_id !== null && Number(row.quantity_available) >= 5,
    );
    productId = level?.product_id ?? "";
    variantId = level?.product_variant_id ?? "";
    const held = await binsOf(schemaName, variantId, warehouseId);
    expect(held.size).toBe(1);
    const [[heldBin, [quantity, reserved] = [0, 0]]] = [...held] as [[string, number[]]];
    binA = heldBin;
    [a0, r0] = [quantity ?? 0, reserved ?? 0];
    const zones = (await client.inventory.zones.list.query({ warehouse_id: warehouseId, limit: 100 })).items;
    const bins = (await Promise.all(zones.map((zone) => client.inventory.bins.list.query({ zone_id: zone.id, limit: 100 })))).flatMap(
      (page) => page.items,
    );
    binB = bins.find((bin) => bin.id !== binA)?.id ?? "";
    expect(binB).not.toBe("");
    customerId = (await client.sales.customers.create.mutate({ name: "Bin buyer", email: "bins@example.test" })).id;
  });

  const key = () => ({ product_id: productId, product_variant_id: variantId, warehouse_id: warehouseId });
  const bins = () => binsOf(schemaName, variantId, warehouseId);

  test("the demo data keeps every invariant to begin with", async () => {
    expect(await failingRules(schemaName)).toEqual([]);
  });

  test("receipts go to the bin holding the item, or the bin named", async () => {
    await client.inventory.stock.receive.mutate({ ...key(), quantity: 5, unit_cost: "3.00" });
    await client.inventory.stock.receive.mutate({ ...key(), quantity: 4, unit_cost: "3.00", bin_id: binB });
    expect(await bins()).toEqual(
      new Map([
        [binA, [a0 + 5, r0]],
        [binB, [4, 0]],
      ]),
    );
    expect(
      await expectCode(
        client.inventory.stock.receive.mutate({ ...key(), warehouse_id: otherWarehouseId, quantity: 1, unit_cost: "1", bin_id: binB }),
        "BAD_REQUEST",
      ),
    ).toMatch(/^bin_id: bin .* is not a bin of warehouse/);
  });

  test("orders reserve from the bins with the most unreserved first; shipments consume, cancels release", async () => {
    const { orders, shipments } = client.sales;
    // Everything unreserved in A, and 2 of B's 4.
    const big = await orders.create.mutate({
      customer_id: customerId,
      lines: [{ product_variant_id: variantId, quantity: a0 + 5 - r0 + 2 }],
    });
    expect(await bins()).toEqual(
      new Map([
        [binA, [a0 + 5, a0 + 5]],
        [binB, [4, 2]],
      ]),
    );
    await orders.confirm.mutate({ id: big.id });
    const lineId = big.lines[0]?.id ?? "";
    await shipments.create.mutate({ order_id: big.id, lines: [{ order_item_id: lineId, quantity: 3 }] });
    // The 3 reserved units shipped leave the bin with the most reserved, A.
    expect(await bins()).toEqual(
      new Map([
        [binA, [a0 + 2, a0 + 2]],
        [binB, [4, 2]],
      ]),
    );
    // Only B has unreserved stock left; the cancel then releases from the bin with the most reserved, A.
    const small = await orders.create.mutate({ customer_id: customerId, lines: [{ product_variant_id: variantId, quantity: 2 }] });
    expect((await bins()).get(binB)).toEqual([4, 4]);
    await orders.cancel.mutate({ id: small.id, note: "changed mind" });
    expect(await bins()).toEqual(
      new Map([
        [binA, [a0 + 2, a0]],
        [binB, [4, 4]],
      ]),
    );
  });

  test("transfers and adjustments take unreserved stock and never drive a bin below its reservation", async () => {
    const { stock } = client.inventory;
    const transfer = { product_id: productId, product_variant_id: variantId, quantity: 1 };
    await stock.transfer.mutate({ ...transfer, from_warehouse_id: warehouseId, to_warehouse_id: otherWarehouseId });
    expect((await bins()).get(binA)).toEqual([a0 + 1, a0]);
    await stock.transfer.mutate({ ...transfer, from_warehouse_id: otherWarehouseId, to_warehouse_id: warehouseId, to_bin_id: binB });
    expect((await bins()).get(binB)).toEqual([5, 4]);
    expect(
      await expectCode(
        stock.transfer.mutate({ ...transfer, from_warehouse_id: warehouseId, to_warehouse_id: otherWarehouseId, to_bin_id: binA }),
        "BAD_REQUEST",
      ),
    ).toMatch(/^to_bin_id: /);
    // The side store has no bins: its stock lives in its stock level only.
    expect((await binsOf(schemaName, variantId, otherWarehouseId)).size).toBe(0);

    await stock.adjust.mutate({ ...key(), quantity_change: "-1", bin_id: binB });
    expect((await bins()).get(binB)).toEqual([4, 4]);
    // The stock level has 1 unreserved unit (in A), but bin B has none to give.
    expect(await expectCode(stock.adjust.mutate({ ...key(), quantity_change: "-1", bin_id: binB }), "CONFLICT")).toMatch(
      /does not hold that much unreserved/,
    );
    await stock.adjust.mutate({ ...key(), quantity_change: "-1" });
    expect(await bins()).toEqual(
      new Map([
        [binA, [a0, a0]],
        [binB, [4, 4]],
      ]),
    );
  });

  test("after all of it every invariant holds", async () => {
    expect(await failingRules(schemaName)).toEqual([]);
  });
});

describe("a warehouse without bins (fresh tenant)", () => {
  test("stock stays in stock levels, every rule holds, and a first bin takes the stock in on its next move", async () => {
    const tenant = await api.provision("binless", "growth");
    const { client } = tenant;
    const schemaName = tenantNames(tenant.slug).schemaName;
    const shop = await openShop(client, "NB", 10);
    const key = { product_id: shop.productId, product_variant_id: shop.variantId, warehouse_id: shop.warehouseId };
    expect(
      await expectCode(
        client.inventory.stock.receive.mutate({ ...key, quantity: 1, unit_cost: "5", bin_id: "01a21242-e4ff-708f-a474-e3f555de7dd8" }),
        "BAD_REQUEST",
      ),
    ).toMatch(/^bin_id: /);
    const { orders, shipments } = client.sales;
    const order = await orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: 3 }],
    });
    await orders.confirm.mutate({ id: order.id });
    await shipments.create.mutate({ order_id: order.id, lines: [{ order_item_id: order.lines[0]?.id ?? "", quantity: 1 }] });
    const cancelled = await orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: 2 }],
    });
    await orders.cancel.mutate({ id: cancelled.id });
    await client.inventory.stock.adjust.mutate({ ...key, quantity_change: "-1" });
    const side = await client.inventory.warehouses.create.mutate({ code: "SIDE", name: "Side store" });
    await client.inventory.stock.transfer.mutate({
      product_id: shop.productId,
      product_variant_id: shop.variantId,
      from_warehouse_id: shop.warehouseId,
      to_warehouse_id: side.id,
      quantity: 2,
    });
    expect((await binsOf(schemaName, shop.variantId, shop.warehouseId)).size).toBe(0);
    expect(await failingRules(schemaName)).toEqual([]);

    // On hand 10 − 1 shipped − 1 adjusted − 2 transferred = 6, of which 2 reserved (the first order's rest).
    const zone = await client.inventory.zones.create.mutate({ warehouse_id: shop.warehouseId, code: "STORE", name: "Storage" });
    const bin = await client.inventory.bins.create.mutate({ zone_id: zone.id, code: "A-01" });
    expect(await failingRules(schemaName)).toEqual([expect.stringMatching(/^bin stock adds up to stock levels: /)]);
    await client.inventory.stock.receive.mutate({ ...key, quantity: 1, unit_cost: "5" });
    expect(await binsOf(schemaName, shop.variantId, shop.warehouseId)).toEqual(new Map([[bin.id, [7, 2]]]));
    expect(await failingRules(schemaName)).toEqual([]);
  });
});
