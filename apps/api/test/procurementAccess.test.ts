import type { ErpClient } from "@erp/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "./support/expectCode.ts";
import { setVendorPrice } from "./support/procurement.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * The procure-to-pay procedures' gates: a starter tenant (no procurement module) gets FORBIDDEN
 * from every one of them; another tenant's documents are NOT_FOUND for reads and changes alike;
 * and the refusals of bad input and wrong states.
 */
let api: TestApi;
let owner: TestTenant;
let other: TestTenant;
let starter: TestTenant;
const ids = {
  vendor: "",
  product: "",
  order: "",
  orderLine: "",
  receipt: "",
  bill: "",
  billLine: "",
  payment: "",
  debitNote: "",
};
const unknown = "0190a0a0-0000-7000-8000-000000000000";

beforeAll(async () => {
  api = await startTestApi();
  [owner, other, starter] = await Promise.all([api.provision("owner", "growth"), api.provision("other", "growth"), api.provision("tiny")]);
  const client = owner.client;
  await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main", is_default: true });
  await other.client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main", is_default: true });
  ids.product = (await client.catalog.products.create.mutate({ sku: "BOLT", name: "Bolt", base_price: "1", status: "active" })).id;
  ids.vendor = (await client.procurement.vendors.create.mutate({ name: "Bolts Inc", status: "active" })).id;
  await setVendorPrice(api, owner.slug, { vendorId: ids.vendor, productId: ids.product, lastCost: "0.50" });
  const order = await client.procurement.purchaseOrders.create.mutate({
    vendor_id: ids.vendor,
    lines: [{ product_id: ids.product, quantity: 100 }],
  });
  ids.order = order.id;
  ids.orderLine = order.lines[0]?.id ?? "";
  await client.procurement.purchaseOrders.approve.mutate({ id: ids.order });
  ids.receipt = (
    await client.procurement.goodsReceipts.create.mutate({
      purchase_order_id: ids.order,
      lines: [{ purchase_order_item_id: ids.orderLine, quantity: 100 }],
    })
  ).id;
  const bill = await client.procurement.bills.create.mutate({
    vendor_id: ids.vendor,
    invoice_number: "B-1",
    purchase_order_id: ids.order,
    lines: [{ purchase_order_item_id: ids.orderLine, quantity: 100, unit_cost: "0.5" }],
  });
  ids.bill = bill.id;
  ids.billLine = bill.lines[0]?.id ?? "";
  await client.procurement.bills.approve.mutate({ id: ids.bill });
  ids.payment = (
    await client.procurement.payments.create.mutate({
      vendor_id: ids.vendor,
      amount: "10",
      allocations: [{ bill_id: ids.bill, amount: "10" }],
    })
  ).id;
  ids.debitNote = (
    await client.procurement.debitNotes.create.mutate({
      bill_id: ids.bill,
      reason: "Wrong size",
      lines: [{ bill_item_id: ids.billLine, quantity: 2 }],
    })
  ).id;
});
afterAll(async () => api?.close());

/** Every new procedure, called as a client would, with the owner's ids. */
const calls = (client: ErpClient): Record<string, () => Promise<unknown>> => ({
  "purchaseOrders.create": () =>
    client.procurement.purchaseOrders.create.mutate({ vendor_id: ids.vendor, lines: [{ product_id: ids.product, quantity: 1 }] }),
  "purchaseOrders.get": () => client.procurement.purchaseOrders.get.query({ id: ids.order }),
  "purchaseOrders.approve": () => client.procurement.purchaseOrders.approve.mutate({ id: ids.order }),
  "purchaseOrders.send": () => client.procurement.purchaseOrders.send.mutate({ id: ids.order }),
  "purchaseOrders.close": () => client.procurement.purchaseOrders.close.mutate({ id: ids.order }),
  "purchaseOrders.cancel": () => client.procurement.purchaseOrders.cancel.mutate({ id: ids.order }),
  "goodsReceipts.create": () =>
    client.procurement.goodsReceipts.create.mutate({
      purchase_order_id: ids.order,
      lines: [{ purchase_order_item_id: ids.orderLine, quantity: 1 }],
    }),
  "goodsReceipts.get": () => client.procurement.goodsReceipts.get.query({ id: ids.receipt }),
  "bills.create": () =>
    client.procurement.bills.create.mutate({
      vendor_id: ids.vendor,
      invoice_number: "X-1",
      purchase_order_id: ids.order,
      lines: [{ purchase_order_item_id: ids.orderLine, quantity: 1, unit_cost: "1" }],
    }),
  "bills.get": () => client.procurement.bills.get.query({ id: ids.bill }),
  "bills.approve": () => client.procurement.bills.approve.mutate({ id: ids.bill }),
  "payments.create": () =>
    client.procurement.payments.create.mutate({ vendor_id: ids.vendor, amount: "1", allocations: [{ bill_id: ids.bill, amount: "1" }] }),
  "payments.get": () => client.procurement.payments.get.query({ id: ids.payment }),
  "debitNotes.create": () =>
    client.procurement.debitNotes.create.mutate({
      bill_id: ids.bill,
      reason: "Broken",
      lines: [{ bill_item_id: ids.billLine, quantity: 1 }],
    }),
  "debitNotes.get": () => client.procurement.debitNotes.get.query({ id: ids.debitNote }),
});

/** The reads and runs without an id of another tenant's document: lists, aging, settings, reorder. */
const unaddressed = (client: ErpClient): Record<string, () => Promise<unknown>> => ({
  "purchaseOrders.list": () => client.procurement.purchaseOrders.list.query({}),
  "goodsReceipts.list": () => client.procurement.goodsReceipts.list.query({}),
  "bills.list": () => client.procurement.bills.list.query({}),
  "payments.list": () => client.procurement.payments.list.query({}),
  "payables.aging": () => client.procurement.payables.aging.query({}),
  "settings.get": () => client.procurement.settings.get.query(),
  "settings.update": () => client.procurement.settings.update.mutate({ approval_threshold: "1" }),
  "reorder.suggestions": () => client.procurement.reorder.suggestions.query({}),
  "reorder.createPurchaseOrders": () => client.procurement.reorder.createPurchaseOrders.mutate({}),
});

describe("tier gate", () => {
  test("a starter tenant gets FORBIDDEN from every procure-to-pay procedure", async () => {
    const all = { ...calls(starter.client), ...unaddressed(starter.client) };
    for (const [name, call] of Object.entries(all)) {
      const message = await expectCode(call(), "FORBIDDEN");
      expect(message, name).toBe("The procurement module is not part of the starter tier (it comes with growth).");
    }
  });
});

describe("isolation", () => {
  test("another tenant's documents are NOT_FOUND for every procedure that names one", async () => {
    for (const [name, call] of Object.entries(calls(other.client))) {
      await expect(expectCode(call(), "NOT_FOUND"), name).resolves.toBeTypeOf("string");
    }
  });

  test("lists and reports of another tenant show none of the owner's documents, and its settings are its own", async () => {
    const owned = new Set(Object.values(ids));
    for (const list of [
      await other.client.procurement.purchaseOrders.list.query({}),
      await other.client.procurement.goodsReceipts.list.query({}),
      await other.client.procurement.bills.list.query({}),
      await other.client.procurement.payments.list.query({}),
    ]) {
      expect(list.items.filter((row) => owned.has(row.id))).toEqual([]);
    }
    expect((await other.client.procurement.payables.aging.query({})).vendors).toEqual([]);
    await owner.client.procurement.settings.update.mutate({ approval_threshold: "123" });
    expect((await other.client.procurement.settings.get.query()).approval_threshold).toBe("1000.0000");
  });

  test("the owner still sees its documents (the ids above are real)", async () => {
    expect((await owner.client.procurement.purchaseOrders.get.query({ id: ids.order })).status).toBe("received");
    expect((await owner.client.procurement.debitNotes.get.query({ id: ids.debitNote })).total_amount).toBe("1.0000");
  });
});

describe("refusals", () => {
  test("unknown ids are NOT_FOUND; bad input is BAD_REQUEST naming the field", async () => {
    const client = owner.client;
    await expectCode(client.procurement.purchaseOrders.get.query({ id: unknown }), "NOT_FOUND");
    await expectCode(
      client.procurement.purchaseOrders.create.mutate({ vendor_id: unknown, lines: [{ product_id: ids.product, quantity: 1 }] }),
      "NOT_FOUND",
    );
    await expectCode(
      client.procurement.purchaseOrders.create.mutate({ vendor_id: ids.vendor, lines: [{ product_id: unknown, quantity: 1 }] }),
      "NOT_FOUND",
    );
    expect(
      await expectCode(
        client.procurement.purchaseOrders.create.mutate({ vendor_id: ids.vendor, lines: [{ product_id: ids.product, quantity: 0 }] }),
        "BAD_REQUEST",
      ),
    ).toContain("lines.0.quantity");
    expect(
      await expectCode(client.procurement.purchaseOrders.create.mutate({ vendor_id: ids.vendor, lines: [] }), "BAD_REQUEST"),
    ).toContain("lines");
    const unpriced = (await client.catalog.products.create.mutate({ sku: "NUT", name: "Nut", base_price: "1", status: "active" })).id;
    expect(
      await expectCode(
        client.procurement.purchaseOrders.create.mutate({ vendor_id: ids.vendor, lines: [{ product_id: unpriced, quantity: 1 }] }),
        "BAD_REQUEST",
      ),
    ).toContain("lines.0.unit_cost");
    expect(
      await expectCode(
        client.procurement.payments.create.mutate({
          vendor_id: ids.vendor,
          amount: "5",
          allocations: [{ bill_id: ids.bill, amount: "4" }],
        }),
        "BAD_REQUEST",
      ),
    ).toContain("allocations");
    expect(await expectCode(client.procurement.settings.update.mutate({ price_tolerance_percent: "101" }), "BAD_REQUEST")).toContain(
      "price_tolerance_percent",
    );
    await expectCode(client.procurement.bills.get.query({ id: "not-a-uuid" }), "BAD_REQUEST");
  });

  test("wrong states are CONFLICT: cancelling a received order, approving an approved bill, paying a draft bill", async () => {
    const client = owner.client;
    await expectCode(client.procurement.purchaseOrders.cancel.mutate({ id: ids.order }), "CONFLICT");
    await expectCode(client.procurement.bills.approve.mutate({ id: ids.bill }), "CONFLICT");
    const draft = await client.procurement.purchaseOrders.create.mutate({
      vendor_id: ids.vendor,
      lines: [{ product_id: ids.product, quantity: 1 }],
    });
    await expectCode(
      client.procurement.bills.create.mutate({
        vendor_id: ids.vendor,
        invoice_number: "DRAFT-1",
        purchase_order_id: draft.id,
        lines: [{ purchase_order_item_id: draft.lines[0]?.id ?? "", quantity: 1, unit_cost: "0.5" }],
      }),
      "CONFLICT",
    );
    expect((await client.procurement.purchaseOrders.cancel.mutate({ id: draft.id, reason: "Not needed" })).status).toBe("cancelled");
    const pending = await client.procurement.bills.create.mutate({
      vendor_id: ids.vendor,
      invoice_number: "B-2",
      purchase_order_id: ids.order,
      lines: [{ purchase_order_item_id: ids.orderLine, quantity: 1, unit_cost: "0.5" }],
    });
    await expectCode(
      client.procurement.payments.create.mutate({
        vendor_id: ids.vendor,
        amount: "0.5",
        allocations: [{ bill_id: pending.id, amount: "0.5" }],
      }),
      "CONFLICT",
    );
  });
});
