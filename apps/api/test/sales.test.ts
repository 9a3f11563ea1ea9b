import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditOf, expectStockRulesHold, inventoryBooks } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { openShop, type Shop } from "./support/fixtures.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let tenant: TestTenant;
let shop: Shop;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("sales");
  shop = await openShop(tenant.client, "S", 10);
});
afterAll(async () => api?.close());

async function stockOf(variantId: string) {
  const levels = await tenant.client.inventory.stock.levels.query({ product_id: shop.productId });
  const row = levels.items.find((level) => level.product_variant_id === variantId);
  return { onHand: row?.quantity_on_hand, reserved: row?.quantity_reserved, available: row?.quantity_available };
}

describe("sales.customers and sales.addresses", () => {
  test("create (numbered when no number is given), get, update, search, archive", async () => {
    const { customers } = tenant.client.sales;
    const customer = await customers.create.mutate({ name: "Ada Lovelace", email: "Ada@Example.test", type: "individual" });
    expect(customer).toMatchObject({ email: "ada@example.test", status: "active" });
    expect(customer.customer_number).toMatch(/^C-[0-9A-F]{10}$/);
    expect((await customers.get.query({ id: customer.id })).name).toBe("Ada Lovelace");
    expect((await customers.update.mutate({ id: customer.id, patch: { phone: "+44 1" } })).phone).toBe("+44 1");
    expect((await customers.list.query({ search: "lovelace" })).items.map((row) => row.id)).toEqual([customer.id]);
    expect((await customers.archive.mutate({ id: customer.id })).status).toBe("inactive");
    await expectCode(customers.create.mutate({ name: "Again", email: "ada@example.test" }), "CONFLICT");
  });

  test("addresses belong to a customer; one in use by an order cannot be removed", async () => {
    const { addresses, orders } = tenant.client.sales;
    const address = await addresses.create.mutate({
      customer_id: shop.customerId,
      line1: "1 Main St",
      city: "Springfield",
      country: "US",
      is_default: true,
    });
    expect((await addresses.list.query({ customer_id: shop.customerId })).items.map((row) => row.id)).toEqual([address.id]);
    expect((await addresses.update.mutate({ id: address.id, patch: { postal_code: "12345" } })).postal_code).toBe("12345");
    await orders.create.mutate({
      customer_id: shop.customerId,
      shipping_address_id: address.id,
      lines: [{ product_variant_id: shop.variantId, quantity: 1 }],
    });
    await expectCode(addresses.remove.mutate({ id: address.id }), "CONFLICT");
    const spare = await addresses.create.mutate({
      customer_id: shop.customerId,
      kind: "shipping",
      line1: "2 Side St",
      city: "Springfield",
      country: "US",
    });
    expect(await addresses.remove.mutate({ id: spare.id })).toEqual({ id: spare.id });
    await expectCode(addresses.create.mutate({ customer_id: shop.customerId, line1: "x", city: "y", country: "usa" }), "BAD_REQUEST");
  });
});

describe("sales.orders", () => {
  test("create prices the lines on the server, totals the order and reserves the stock", async () => {
    const before = await stockOf(shop.variantId);
    const order = await tenant.client.sales.orders.create.mutate({
      customer_id: shop.customerId,
      shipping_total: "5",
      lines: [{ product_variant_id: shop.variantId, quantity: 2 }],
    });
    expect(order).toMatchObject({ status: "draft", subtotal: "25.0000", shipping_total: "5.0000", grand_total: "30.0000" });
    expect(order.lines).toEqual([
      expect.objectContaining({ sku: shop.sku, quantity: "2.0000", unit_price: "12.5000", line_total: "25.0000" }),
    ]);
    expect(await stockOf(shop.variantId)).toEqual({
      onHand: before.onHand,
      reserved: (Number(before.reserved) + 2).toFixed(4),
      available: (Number(before.available) - 2).toFixed(4),
    });
    expect((await tenant.client.sales.orders.get.query({ id: order.id })).lines).toHaveLength(1);
    expect(
      (await tenant.client.sales.orders.list.query({ customer_id: shop.customerId, status: "draft" })).items.map((row) => row.id),
    ).toContain(order.id);
  });

  test("draft → confirmed → shipped → delivered; shipping takes the stock out with a sale movement", async () => {
    const { orders } = tenant.client.sales;
    const order = await orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: 1 }],
    });
    const before = await stockOf(shop.variantId);
    expect((await orders.confirm.mutate({ id: order.id })).status).toBe("confirmed");
    const shipped = await orders.ship.mutate({ id: order.id });
    expect(shipped.status).toBe("shipped");
    expect(shipped.lines[0]?.quantity_shipped).toBe("1.0000");
    expect(await stockOf(shop.variantId)).toEqual({
      onHand: (Number(before.onHand) - 1).toFixed(4),
      reserved: (Number(before.reserved) - 1).toFixed(4),
      available: before.available,
    });
    // `ship` is one shipment of everything left, at the moving average (received at 5.00).
    const [shipment] = (await tenant.client.sales.shipments.list.query({ order_id: order.id })).items;
    const movements = await tenant.client.inventory.stock.movements.query({ product_id: shop.productId, movement_type: "sale" });
    expect(movements.items.map((movement) => [movement.quantity, movement.unit_cost, movement.reference_id])).toContainEqual([
      "-1.0000",
      "5.0000",
      shipment?.id,
    ]);
    expect((await orders.deliver.mutate({ id: order.id })).delivered_at).not.toBeNull();
    expect((await auditOf(api, tenant.slug, "orders", order.id)).map(([action]) => action)).toEqual([
      "create",
      "confirm",
      "ship",
      "deliver",
    ]);
    const books = await inventoryBooks(api, tenant.slug);
    expect(books.ledger).toBe(books.worth);
  });

  test("cancelling a confirmed order releases the reservation; illegal transitions are BAD_REQUEST naming the states", async () => {
    const { orders } = tenant.client.sales;
    const before = await stockOf(shop.variantId);
    const order = await orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: 3 }],
    });
    expect(await expectCode(orders.deliver.mutate({ id: order.id }), "BAD_REQUEST")).toMatch(
      /cannot go from draft to delivered: only shipped orders/,
    );
    expect((await orders.confirm.mutate({ id: order.id })).status).toBe("confirmed");
    const cancelled = await orders.cancel.mutate({ id: order.id, note: "customer changed their mind" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancel_reason: "customer changed their mind" });
    expect(await stockOf(shop.variantId)).toEqual(before);
    expect(await expectCode(orders.confirm.mutate({ id: order.id }), "BAD_REQUEST")).toMatch(/from cancelled to confirmed/);
    await expectCode(orders.ship.mutate({ id: "01a21242-e4ff-708f-a474-e3f555de7dd8" }), "NOT_FOUND");
  });

  test("of two concurrent orders for the last unit, one succeeds and the other gets CONFLICT", async () => {
    const last = await openShop(tenant.client, "R", 1);
    const [first, second] = [
      await api.signIn(tenant.slug, tenant.email, tenant.password),
      await api.signIn(tenant.slug, tenant.email, tenant.password),
    ];
    const order = { customer_id: last.customerId, lines: [{ product_variant_id: last.variantId, quantity: 1 }] };
    const results = await Promise.allSettled([first.sales.orders.create.mutate(order), second.sales.orders.create.mutate(order)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failure = results.find((result) => result.status === "rejected");
    expect(await expectCode(Promise.reject(failure?.reason), "CONFLICT")).toMatch(/insufficient stock for SKU MUG-R-BLUE/);
    const levels = await tenant.client.inventory.stock.levels.query({ product_id: last.productId });
    expect(levels.items.map((level) => [level.quantity_on_hand, level.quantity_reserved])).toEqual([["1.0000", "1.0000"]]);
  });

  test("unknown customers and products are NOT_FOUND; lines must be valid", async () => {
    const { orders } = tenant.client.sales;
    await expectCode(
      orders.create.mutate({ customer_id: "01a21242-e4ff-708f-a474-e3f555de7dd8", lines: [{ product_id: shop.productId, quantity: 1 }] }),
      "NOT_FOUND",
    );
    await expectCode(
      orders.create.mutate({ customer_id: shop.customerId, lines: [{ product_id: "01a21242-e4ff-708f-a474-e3f555de7dd8", quantity: 1 }] }),
      "NOT_FOUND",
    );
    await expectCode(orders.create.mutate({ customer_id: shop.customerId, lines: [] }), "BAD_REQUEST");
    await expectCode(
      orders.create.mutate({ customer_id: shop.customerId, lines: [{ product_id: shop.productId, quantity: 0 }] }),
      "BAD_REQUEST",
    );
    await expectCode(
      orders.create.mutate({ customer_id: shop.customerId, lines: [{ product_variant_id: shop.variantId, quantity: 1000 }] }),
      "CONFLICT",
    );
  });
});

describe("credit control on sales.orders.confirm", () => {
  test("over the credit limit is refused with the figures; sales.override confirms it and leaves an audit row", async () => {
    const { orders, customers } = tenant.client.sales;
    await tenant.client.inventory.stock.receive.mutate({
      product_id: shop.productId,
      product_variant_id: shop.variantId,
      warehouse_id: shop.warehouseId,
      quantity: 20,
      unit_cost: "5",
    });
    const customer = await customers.create.mutate({ name: "Careful Buyer", email: "careful@example.test", credit_limit: "100" });
    const order = (quantity: number) =>
      orders.create.mutate({ customer_id: customer.id, lines: [{ product_variant_id: shop.variantId, quantity }] });
    const small = await order(4);
    expect((await orders.confirm.mutate({ id: small.id })).status).toBe("confirmed");
    const big = await order(5);
    expect(await expectCode(orders.confirm.mutate({ id: big.id }), "BAD_REQUEST")).toBe(
      `Confirming order ${big.order_number} would bring Careful Buyer's exposure to 112.5000 (open invoices 0.0000 + open orders 50.0000 + this order 62.5000), over the credit limit of 100.0000; a user with sales.override may confirm it with override_credit.`,
    );
    expect((await orders.get.query({ id: big.id })).status).toBe("draft");

    const staffEmail = "clerk@credit.test";
    await tenant.client.auth.users.create.mutate({
      email: staffEmail,
      displayName: "Clerk",
      password: "correct horse battery staple",
      roles: ["staff"],
    });
    const clerk = await api.signIn(tenant.slug, staffEmail, "correct horse battery staple");
    expect(await expectCode(clerk.sales.orders.confirm.mutate({ id: big.id, override_credit: true }), "FORBIDDEN")).toMatch(
      /override_credit: your role \(staff\) does not grant sales.override/,
    );

    expect((await orders.confirm.mutate({ id: big.id, override_credit: true })).status).toBe("confirmed");
    expect(await auditOf(api, tenant.slug, "orders", big.id)).toContainEqual([
      "credit_override",
      {
        before: null,
        after: expect.objectContaining({ credit_limit: "100.0000", open_orders: "50.0000", this_order: "62.5000", exposure: "112.5000" }),
      },
    ]);
    // Cancelling frees the credit (and the stock) again.
    await orders.cancel.mutate({ id: big.id });
    const again = await order(1);
    expect((await orders.confirm.mutate({ id: again.id })).status).toBe("confirmed");
    // A credit limit of 0 is no limit.
    await customers.update.mutate({ id: customer.id, patch: { credit_limit: "0" } });
    expect((await orders.confirm.mutate({ id: (await order(2)).id })).status).toBe("confirmed");
    await expectStockRulesHold(api, tenant.slug);
  });
});
