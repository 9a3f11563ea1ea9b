import type { ErpClient } from "@erp/client";
import { errorCode } from "@erp/client";
import { money } from "./cents.ts";

/**
 * The order-to-cash flow through the typed client, as a customer's month goes: customer → order →
 * confirm → partial shipment → invoice → partial receipt → credit note → second shipment → invoice →
 * receipt of everything open. Every answer's status and amount is checked against figures this file
 * computes itself from the prices and quantities it chose, so a wrong total is a finding, not a
 * number passed along.
 */

/** The flow's own goods: two products at two-decimal prices, no tax, so every amount is whole cents. */
const goods = [
  { key: "widget", price: 333n, ordered: 4, firstShipment: 2 },
  { key: "mug", price: 1250n, ordered: 2, firstShipment: 1 },
] as const;
const shippingCents = 500n;
const firstReceiptCents = 1000n;
/** The credit note takes one widget of the first invoice back. */
const creditedWidgets = 1;

export type FlowSetup = { warehouseId: string; productIds: Record<(typeof goods)[number]["key"], string> };

/** One request of a flow: which step, how long it took. */
export type StepSample = { step: string; ms: number };

export type FlowResult = { samples: StepSample[]; problems: string[]; documents: number; completed: boolean };

/** A warehouse and the two products with stock for `flows` orders, made through the API (once per tenant). */
export async function setUpFlows(client: ErpClient, tag: string, flows: number): Promise<FlowSetup> {
  const warehouse = await client.inventory.warehouses.create.mutate({ code: `WF${tag}`.slice(0, 40), name: `Workflows ${tag}` });
  const productIds = {} as Record<(typeof goods)[number]["key"], string>;
  for (const item of goods) {
    const product = await client.catalog.products.create.mutate({
      sku: `WF-${item.key}-${tag}`.toUpperCase(),
      name: `Workflow ${item.key} ${tag}`,
      base_price: money(item.price),
      status: "active",
    });
    productIds[item.key] = product.id;
    await client.inventory.stock.receive.mutate({
      product_id: product.id,
      warehouse_id: warehouse.id,
      quantity: item.ordered * flows,
      unit_cost: "2.00",
      note: "workflows stage",
    });
  }
  return { warehouseId: warehouse.id, productIds };
}

class FlowStopped extends Error {}

/** Runs one flow; `where` prefixes every problem (tenant and flow number). Stops at the first call that fails. */
export async function runOrderToCash(client: ErpClient, setup: FlowSetup, tag: string, where: string): Promise<FlowResult> {
  const samples: StepSample[] = [];
  const problems: string[] = [];
  let documents = 0;
  const call = async <T>(step: string, send: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const answer = await send();
      samples.push({ step, ms: performance.now() - started });
      return answer;
    } catch (error) {
      problems.push(`${where}: ${step} failed with ${errorCode(error) ?? "an error"}: ${(error as Error).message}`);
      throw new FlowStopped();
    }
  };
  const expect = (step: string, what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) problems.push(`${where}: after ${step}, ${what} is ${String(actual)}, expected ${String(expected)}.`);
  };

  try {
    const customer = await call("create customer", () =>
      client.sales.customers.create.mutate({
        name: `Workflow customer ${tag}`,
        email: `${tag}@workflows.test`,
        payment_terms_days: 30,
        credit_limit: "100000.00",
      }),
    );
    const order = await call("create order", () =>
      client.sales.orders.create.mutate({
        customer_id: customer.id,
        warehouse_id: setup.warehouseId,
        shipping_total: money(shippingCents),
        lines: goods.map((item) => ({ product_id: setup.productIds[item.key], quantity: item.ordered })),
      }),
    );
    documents += 1;
    const orderTotal = goods.reduce((sum, item) => sum + item.price * BigInt(item.ordered), 0n) + shippingCents;
    expect("create order", "the order's status", order.status, "draft");
    expect("create order", "the order's grand total", order.grand_total, money(orderTotal));
    const lineOf = (key: (typeof goods)[number]["key"]) => order.lines.find((line) => line.product_id === setup.productIds[key])!;

    const confirmed = await call("confirm order", () => client.sales.orders.confirm.mutate({ id: order.id }));
    expect("confirm order", "the order's status", confirmed.status, "confirmed");

    // First shipment: part of each line.
    const shipment = await call("create shipment", () =>
      client.sales.shipments.create.mutate({
        order_id: order.id,
        lines: goods.map((item) => ({ order_item_id: lineOf(item.key).id, quantity: item.firstShipment })),
      }),
    );
    documents += 1;
    expect("create shipment", "the shipment's lines", shipment.lines.length, goods.length);
    const afterShipment = await call("get order", () => client.sales.orders.get.query({ id: order.id }));
    expect("create shipment", "the order's status", afterShipment.status, "partially_shipped");

    const firstTotal = goods.reduce((sum, item) => sum + item.price * BigInt(item.firstShipment), 0n) + shippingCents;
    const first = await call("create invoice", () => client.sales.invoices.create.mutate({ order_id: order.id }));
    documents += 1;
    expect("create invoice", "the invoice's status", first.status, "issued");
    expect("create invoice", "the invoice's grand total", first.grand_total, money(firstTotal));

    const partial = await call("create receipt", () =>
      client.sales.receipts.create.mutate({
        customer_id: customer.id,
        amount: money(firstReceiptCents),
        allocations: [{ invoice_id: first.id, amount: money(firstReceiptCents) }],
      }),
    );
    documents += 1;
    expect("create receipt", "the receipt's amount", partial.amount, money(firstReceiptCents));
    const afterReceipt = await call("get invoice", () => client.sales.invoices.get.query({ id: first.id }));
    expect("create receipt", "the invoice's status", afterReceipt.status, "partially_paid");
    expect("create receipt", "the invoice's amount paid", afterReceipt.amount_paid, money(firstReceiptCents));

    const widgetLine = first.lines.find((line) => line.order_item_id === lineOf("widget").id);
    if (!widgetLine) {
      problems.push(`${where}: the first invoice has no line for the widget order line.`);
      throw new FlowStopped();
    }
    const creditCents = goods[0].price * BigInt(creditedWidgets);
    const credit = await call("create credit note", () =>
      client.sales.creditNotes.create.mutate({
        invoice_id: first.id,
        lines: [{ invoice_item_id: widgetLine.id, quantity: creditedWidgets }],
        reason: "Workflow check: one widget damaged in transit",
      }),
    );
    documents += 1;
    expect("create credit note", "the credit note's amount", credit.amount, money(creditCents));
    const afterCredit = await call("get invoice", () => client.sales.invoices.get.query({ id: first.id }));
    expect("create credit note", "the invoice's amount credited", afterCredit.amount_credited, money(creditCents));
    expect("create credit note", "the invoice's status", afterCredit.status, "partially_paid");

    // Nothing billed twice, nothing left out: the invoices add up to the order.
    let invoicedTotal = firstTotal;
    const open: { invoiceId: string; cents: bigint }[] = [{ invoiceId: first.id, cents: firstTotal - firstReceiptCents - creditCents }];
    // Second shipment: everything left (no lines).
    await call("create shipment", () => client.sales.shipments.create.mutate({ order_id: order.id }));
    documents += 1;
    const afterRest = await call("get order", () => client.sales.orders.get.query({ id: order.id }));
    expect("the second shipment", "the order's status", afterRest.status, "shipped");
    const secondTotal = goods.reduce((sum, item) => sum + item.price * BigInt(item.ordered - item.firstShipment), 0n);
    const second = await call("create invoice", () => client.sales.invoices.create.mutate({ order_id: order.id }));
    documents += 1;
    expect("the second invoice", "the invoice's status", second.status, "issued");
    expect("the second invoice", "the invoice's grand total", second.grand_total, money(secondTotal));
    open.push({ invoiceId: second.id, cents: secondTotal });
    invoicedTotal += secondTotal;

    const rest = open.reduce((sum, invoice) => sum + invoice.cents, 0n);
    const final = await call("create receipt", () =>
      client.sales.receipts.create.mutate({
        customer_id: customer.id,
        amount: money(rest),
        allocations: open.map((invoice) => ({ invoice_id: invoice.invoiceId, amount: money(invoice.cents) })),
      }),
    );
    documents += 1;
    expect("the final receipt", "the receipt's amount", final.amount, money(rest));
    for (const invoice of open) {
      const settled = await call("get invoice", () => client.sales.invoices.get.query({ id: invoice.invoiceId }));
      expect("the final receipt", `invoice ${settled.invoice_number}'s status`, settled.status, "paid");
    }
    const statement = await call("customer statement", () => client.sales.customers.statement.query({ customer_id: customer.id }));
    expect("the final receipt", "the customer's closing balance", statement.closing_balance, money(0n));
    const billed = await call("get order", () => client.sales.orders.get.query({ id: order.id }));
    for (const line of billed.lines)
      expect("the last invoice", `order line ${line.sku}'s quantity invoiced`, line.quantity_invoiced, line.quantity);
    // The invoiced amounts add up to the order: nothing billed twice, nothing left out.
    expect("the last invoice", "the invoices' total", money(invoicedTotal), money(orderTotal));
    return { samples, problems, documents, completed: true };
  } catch (error) {
    if (!(error instanceof FlowStopped)) throw error;
    return { samples, problems, documents, completed: false };
  }
}
