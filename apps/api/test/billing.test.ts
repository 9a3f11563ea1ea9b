import type { ErpClient } from "@erp/client";
import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { type DatabaseTransactionConnection, sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Order-to-cash, billing side, over the typed client: invoices from shipped quantities, receipts,
 * credit notes (with restock), the customer statement and the aging, on a tenant with books
 * (growth tier: sales and finance). Goods ship through sales.shipments.create, which records the
 * moving-average cost each line left with.
 */
let api: TestApi;
let tenant: TestTenant;
let client: ErpClient;
let schemaName: string;
let warehouseId: string;
let widgetId: string;
let mugId: string;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Runs SQL in the tenant's schema (for what the API cannot do yet, and for reading the books). */
function inTenant<T>(work: (tx: DatabaseTransactionConnection) => Promise<T>): Promise<T> {
  return api.platform.pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT set_config('search_path', ${schemaName}, true)`);
    return work(tx);
  });
}

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("billing", "growth");
  client = tenant.client;
  schemaName = tenantNames(tenant.slug).schemaName;
  // No API manages tax rates yet: a 7.25 % sales tax straight into the tenant's table.
  const taxRateId = await inTenant((tx) =>
    tx.oneFirst(sql.type(z.object({ id: z.string() }))`
      INSERT INTO tax_rates (code, name, rate) VALUES ('ST725', 'Sales tax 7.25%', 7.25) RETURNING id`),
  );
  const warehouse = await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true });
  warehouseId = warehouse.id;
  const widget = await client.catalog.products.create.mutate({
    sku: "WIDGET",
    name: "Widget",
    base_price: "3.33",
    status: "active",
    tax_rate_id: taxRateId,
  });
  const mug = await client.catalog.products.create.mutate({ sku: "MUG", name: "Mug", base_price: "12.50", status: "active" });
  widgetId = widget.id;
  mugId = mug.id;
  // Three widgets at 2.00 (the first order takes them all), mugs at 2.50.
  await client.inventory.stock.receive.mutate({ product_id: widgetId, warehouse_id: warehouseId, quantity: 3, unit_cost: "2.00" });
  await client.inventory.stock.receive.mutate({ product_id: mugId, warehouse_id: warehouseId, quantity: 50, unit_cost: "2.50" });
});
afterAll(async () => api?.close());

async function customer(tag: string) {
  return client.sales.customers.create.mutate({ name: `Customer ${tag}`, email: `${tag}@billing.test`, payment_terms_days: 30 });
}

/** A confirmed order shipped in full by one shipment. */
async function shippedOrder(customerId: string, lines: { product_id: string; quantity: number }[], shipping?: string) {
  const order = await client.sales.orders.create.mutate({ customer_id: customerId, lines, shipping_total: shipping });
  await client.sales.orders.confirm.mutate({ id: order.id });
  await client.sales.shipments.create.mutate({ order_id: order.id });
  return order;
}

const invoiceNumber = (number: string) => Number(number.replace(/^INV-/, ""));

describe("order to cash", () => {
  let customerA: string;
  let invoiceId: string;

  test("an invoice bills the shipped lines with tax per line rounded to cents, shipping on the first invoice, and posts it", async () => {
    customerA = (await customer("a")).id;
    const order = await shippedOrder(
      customerA,
      [
        { product_id: widgetId, quantity: 3 },
        { product_id: mugId, quantity: 2 },
      ],
      "5",
    );
    // The goods left at their moving-average cost: widgets at 2.00, mugs at 2.50.
    const [shipment] = (await client.sales.shipments.list.query({ order_id: order.id })).items;
    expect(
      (await client.sales.shipments.get.query({ id: shipment?.id ?? "" })).lines.map((line) => [line.quantity, line.unit_cost]),
    ).toEqual([
      ["3.0000", "2.0000"],
      ["2.0000", "2.5000"],
    ]);
    const invoice = await client.sales.invoices.create.mutate({ order_id: order.id });
    invoiceId = invoice.id;
    expect(invoice).toMatchObject({
      status: "issued",
      customer_id: customerA,
      subtotal: "39.9900",
      tax_total: "0.7200",
      grand_total: "40.7100",
      amount_paid: "0.0000",
      due_date: addDays(invoice.invoice_date, 30),
    });
    expect(invoice.invoice_number).toMatch(/^INV-\d+$/);
    expect(invoice.issued_at).not.toBeNull();
    // 3 × 3.33 = 9.99 at 7.25 % is 0.724275: 0.72 on the invoice.
    expect(
      invoice.lines.map((line) => [line.description, line.quantity, line.unit_price, line.tax_percent, line.tax_amount, line.line_total]),
    ).toEqual([
      ["Widget", "3.0000", "3.3300", "7.2500", "0.7200", "10.7100"],
      ["Mug", "2.0000", "12.5000", "0.0000", "0.0000", "25.0000"],
      ["Shipping", "1.0000", "5.0000", "0.0000", "0.0000", "5.0000"],
    ]);
    expect((await client.sales.orders.get.query({ id: order.id })).lines.map((line) => line.quantity_invoiced)).toEqual([
      "3.0000",
      "2.0000",
    ]);

    const postings = await inTenant((tx) =>
      tx.any(sql.type(z.object({ purpose: z.string().nullable(), debit: z.string(), credit: z.string(), customer: z.string().nullable() }))`
        SELECT pa.purpose, jl.debit::text, jl.credit::text, jl.customer_id::text AS customer
        FROM tax_invoices ti JOIN journal_entries je ON je.id = ti.journal_entry_id
        JOIN journals j ON j.id = je.journal_id AND j.code = 'SALES'
        JOIN journal_lines jl ON jl.journal_entry_id = je.id LEFT JOIN posting_accounts pa ON pa.account_id = jl.account_id
        WHERE ti.id = ${invoice.id} AND je.source_type = 'tax_invoice' AND je.source_id = ti.id ORDER BY jl.line_number`),
    );
    expect(postings).toEqual([
      { purpose: "receivable", debit: "40.7100", credit: "0.0000", customer: customerA },
      { purpose: "revenue", debit: "0.0000", credit: "34.9900", customer: null },
      { purpose: "shipping_income", debit: "0.0000", credit: "5.0000", customer: null },
      { purpose: "tax_payable", debit: "0.0000", credit: "0.7200", customer: null },
    ]);
    const audited = await inTenant((tx) =>
      tx.oneFirst(sql.type(z.object({ n: z.number() }))`
        SELECT count(*)::int AS n FROM audit_log WHERE entity = 'tax_invoices' AND entity_id = ${invoice.id} AND action = 'issue'`),
    );
    expect(audited).toBe(1);

    expect(await expectCode(client.sales.invoices.create.mutate({ order_id: order.id }), "CONFLICT")).toMatch(
      /has nothing shipped that is not invoiced yet/,
    );
    expect((await client.sales.invoices.get.query({ id: invoice.id })).lines).toHaveLength(3);
    expect((await client.sales.invoices.list.query({ customer_id: customerA })).items.map((row) => row.id)).toEqual([invoice.id]);
  });

  test("a partial receipt, a credit note with restock at the shipped cost, refusals past the open amount, then the rest", async () => {
    const partial = await client.sales.receipts.create.mutate({
      customer_id: customerA,
      amount: "20",
      reference: "wire 1",
      allocations: [{ invoice_id: invoiceId, amount: "20" }],
    });
    expect(partial).toMatchObject({ status: "cleared", amount: "20.0000", journal_entry_id: expect.any(String) });
    expect(partial.receipt_number).toMatch(/^RC-\d+$/);
    expect(partial.allocations.map((allocation) => allocation.amount)).toEqual(["20.0000"]);
    expect(await client.sales.invoices.get.query({ id: invoiceId })).toMatchObject({ status: "partially_paid", amount_paid: "20.0000" });

    const invoice = await client.sales.invoices.get.query({ id: invoiceId });
    const [widgetLine, mugLine] = invoice.lines;
    // The widgets left at 2.00 each (the shipment recorded it); a later delivery at 2.50 sets the
    // stock's average to 2.50, so a return at the shipped cost is told apart from one at the average.
    await client.inventory.stock.receive.mutate({ product_id: widgetId, warehouse_id: warehouseId, quantity: 47, unit_cost: "2.50" });

    const credit = await client.sales.creditNotes.create.mutate({
      invoice_id: invoiceId,
      lines: [{ invoice_item_id: widgetLine?.id ?? "", quantity: 1 }],
      reason: "one widget came back broken",
      restock: true,
    });
    // A third of the line: 3.33 net and 0.72 / 3 = 0.24 tax.
    expect(credit).toMatchObject({ subtotal: "3.3300", tax_total: "0.2400", amount: "3.5700", status: "applied" });
    expect(credit.credit_note_number).toMatch(/^CN-\d+$/);
    expect(await client.sales.invoices.get.query({ id: invoiceId })).toMatchObject({
      status: "partially_paid",
      amount_credited: "3.5700",
    });
    const stock = await inTenant((tx) =>
      tx.one(sql.type(z.object({ onHand: z.string(), average: z.string(), returned: z.string(), movementCost: z.string() }))`
        SELECT i.quantity_on_hand::text AS "onHand", i.average_cost::text AS average,
          (SELECT quantity_returned::text FROM order_items WHERE id = (SELECT order_item_id FROM tax_invoice_items WHERE id = ${widgetLine?.id ?? ""})) AS returned,
          (SELECT unit_cost::text FROM stock_movements WHERE movement_type = 'return' AND reference_id = ${credit.id}) AS "movementCost"
        FROM inventory i WHERE i.product_id = ${widgetId}`),
    );
    // 47 on hand at 2.50 and 1 back at 2.00: (117.50 + 2.00) / 48 = 2.489583… = 2.4896; the stock is
    // then worth 48 × 2.4896 = 119.5008, 2.0008 more than before: the goods' cost (2.00) leaves cost of
    // goods sold, and the average's rounding (0.0008) goes to inventory adjustments.
    expect(stock).toEqual({ onHand: "48.0000", average: "2.4896", returned: "1.0000", movementCost: "2.0000" });
    const costing = await inTenant((tx) =>
      tx.any(sql.type(z.object({ purpose: z.string().nullable(), debit: z.string(), credit: z.string() }))`
        SELECT pa.purpose, jl.debit::text, jl.credit::text FROM journal_entries je
        JOIN journal_lines jl ON jl.journal_entry_id = je.id LEFT JOIN posting_accounts pa ON pa.account_id = jl.account_id
        WHERE je.source_type = 'credit_note' AND je.source_id = ${credit.id} ORDER BY je.entry_number, jl.line_number`),
    );
    expect(costing).toEqual([
      { purpose: "revenue", debit: "3.3300", credit: "0.0000" },
      { purpose: "tax_payable", debit: "0.2400", credit: "0.0000" },
      { purpose: "receivable", debit: "0.0000", credit: "3.5700" },
      { purpose: "inventory", debit: "2.0008", credit: "0.0000" },
      { purpose: "cost_of_goods_sold", debit: "0.0000", credit: "2.0000" },
      { purpose: "inventory_adjustment", debit: "0.0000", credit: "0.0008" },
    ]);

    // Open now: 40.71 − 20 − 3.57 = 17.14.
    expect(
      await expectCode(
        client.sales.creditNotes.create.mutate({
          invoice_id: invoiceId,
          lines: [{ invoice_item_id: widgetLine?.id ?? "", quantity: 3 }],
          reason: "x",
        }),
        "BAD_REQUEST",
      ),
    ).toMatch(/lines\.0\.quantity: only 2\.0000 of "Widget" is left to credit/);
    expect(
      await expectCode(
        client.sales.creditNotes.create.mutate({
          invoice_id: invoiceId,
          lines: [{ invoice_item_id: mugLine?.id ?? "", quantity: 2 }],
          reason: "x",
        }),
        "CONFLICT",
      ),
    ).toMatch(/The credit of 25\.0000 exceeds what is open on invoice INV-\d+ \(17\.1400\)/);
    expect(
      await expectCode(
        client.sales.receipts.create.mutate({
          customer_id: customerA,
          amount: "20",
          allocations: [{ invoice_id: invoiceId, amount: "20" }],
        }),
        "CONFLICT",
      ),
    ).toMatch(/has only 17\.1400 open; 20\.0000 cannot be allocated/);
    expect(
      await expectCode(
        client.sales.receipts.create.mutate({
          customer_id: customerA,
          amount: "10",
          allocations: [{ invoice_id: invoiceId, amount: "9" }],
        }),
        "BAD_REQUEST",
      ),
    ).toMatch(/allocations: they add up to 9\.0000, not the receipt's amount 10/);
    await expectCode(
      client.sales.receipts.create.mutate({
        customer_id: (await customer("stranger")).id,
        amount: "1",
        allocations: [{ invoice_id: invoiceId, amount: "1" }],
      }),
      "NOT_FOUND",
    );
    await expectCode(client.sales.invoices.cancel.mutate({ id: invoiceId, reason: "too late" }), "CONFLICT");

    await client.sales.receipts.create.mutate({
      customer_id: customerA,
      amount: "17.14",
      allocations: [{ invoice_id: invoiceId, amount: "17.14" }],
    });
    expect(await client.sales.invoices.get.query({ id: invoiceId })).toMatchObject({ status: "paid", amount_paid: "37.1400" });
  });

  test("the statement reads the customer's receivable postings: each document with the running balance", async () => {
    const statement = await client.sales.customers.statement.query({ customer_id: customerA });
    expect(statement.opening_balance).toBe("0.0000");
    expect(statement.lines.map((line) => [line.kind, line.debit, line.credit, line.balance])).toEqual([
      ["invoice", "40.7100", "0.0000", "40.7100"],
      ["receipt", "0.0000", "20.0000", "20.7100"],
      ["credit_note", "0.0000", "3.5700", "17.1400"],
      ["receipt", "0.0000", "17.1400", "0.0000"],
    ]);
    expect(statement.lines[0]?.document_number).toMatch(/^INV-/);
    expect(statement.lines[2]?.document_number).toMatch(/^CN-/);
    expect(statement.closing_balance).toBe("0.0000");
    const tomorrow = addDays(statement.to, 1);
    expect(await client.sales.customers.statement.query({ customer_id: customerA, from: tomorrow, to: tomorrow })).toMatchObject({
      opening_balance: "0.0000",
      lines: [],
      closing_balance: "0.0000",
    });
    await expectCode(client.sales.customers.statement.query({ customer_id: "01a21242-e4ff-708f-a474-e3f555de7dd8" }), "NOT_FOUND");
  });
});

describe("partial shipments, cancellation, aging", () => {
  test("each invoice bills what shipped since the last; a cancelled invoice gives its quantities back; the aging buckets by days past due", async () => {
    const b = await customer("b");
    const order = await client.sales.orders.create.mutate({
      customer_id: b.id,
      lines: [{ product_id: mugId, quantity: 4 }],
      shipping_total: "3",
    });
    await client.sales.orders.confirm.mutate({ id: order.id });
    // One mug of four ships first.
    await client.sales.shipments.create.mutate({ order_id: order.id, lines: [{ order_item_id: order.lines[0]?.id ?? "", quantity: 1 }] });
    const first = await client.sales.invoices.create.mutate({ order_id: order.id, invoice_date: daysAgo(100) });
    expect(first).toMatchObject({ subtotal: "15.5000", grand_total: "15.5000", due_date: addDays(daysAgo(100), 30) });
    expect(await client.sales.orders.get.query({ id: order.id })).toMatchObject({ status: "partially_shipped" });
    await client.sales.shipments.create.mutate({ order_id: order.id });
    const second = await client.sales.invoices.create.mutate({ order_id: order.id, invoice_date: daysAgo(40) });
    expect(second.lines.map((line) => [line.description, line.quantity])).toEqual([["Mug", "3.0000"]]);
    expect(second.grand_total).toBe("37.5000");

    const other = await shippedOrder(b.id, [{ product_id: mugId, quantity: 2 }]);
    const cancelled = await client.sales.invoices.create.mutate({ order_id: other.id });
    const voided = await client.sales.invoices.cancel.mutate({ id: cancelled.id, reason: "wrong customer reference" });
    expect(voided.status).toBe("void");
    expect((await client.sales.orders.get.query({ id: other.id })).lines[0]?.quantity_invoiced).toBe("0.0000");
    const entries = await inTenant((tx) =>
      tx.any(sql.type(z.object({ status: z.string(), reversal: z.boolean(), debit: z.string() }))`
        SELECT je.status, je.reversal_of_id IS NOT NULL AS reversal, sum(jl.debit)::text AS debit
        FROM journal_entries je JOIN journal_lines jl ON jl.journal_entry_id = je.id
        WHERE je.source_type = 'tax_invoice' AND je.source_id = ${cancelled.id} GROUP BY je.id ORDER BY je.entry_number`),
    );
    expect(entries).toEqual([
      { status: "reversed", reversal: false, debit: "25.0000" },
      { status: "posted", reversal: true, debit: "25.0000" },
    ]);
    await expectCode(client.sales.invoices.cancel.mutate({ id: cancelled.id, reason: "again" }), "CONFLICT");
    const reissued = await client.sales.invoices.create.mutate({ order_id: other.id });
    expect(reissued.grand_total).toBe("25.0000");

    const aging = await client.sales.receivables.aging.query({});
    expect(aging.customers.find((row) => row.customer_id === b.id)).toEqual({
      customer_id: b.id,
      customer_name: "Customer b",
      current: "25.0000",
      days_1_30: "37.5000",
      days_31_60: "0.0000",
      days_61_90: "15.5000",
      days_over_90: "0.0000",
      total: "78.0000",
    });
    // Customer a paid everything: not in the aging.
    expect(aging.totals).toMatchObject({ current: "25.0000", days_1_30: "37.5000", days_61_90: "15.5000", total: "78.0000" });
    expect(aging.customers).toHaveLength(1);
    const earlier = await client.sales.receivables.aging.query({ as_of: daysAgo(50) });
    expect(earlier.totals).toMatchObject({ days_61_90: "0.0000", days_1_30: "15.5000", total: "15.5000" });

    const statement = await client.sales.customers.statement.query({ customer_id: b.id, from: daysAgo(50) });
    expect(statement.opening_balance).toBe("15.5000");
    expect(statement.lines.map((line) => [line.kind, line.balance])).toEqual([
      ["invoice", "53.0000"],
      ["invoice", "78.0000"],
      ["invoice_cancellation", "53.0000"],
      ["invoice", "78.0000"],
    ]);
    expect(statement.closing_balance).toBe("78.0000");
  });

  test("a failed invoice rolls back with its number: the next invoice takes the next number", async () => {
    const c = await customer("c");
    const order = await shippedOrder(c.id, [{ product_id: mugId, quantity: 1 }]);
    const before = await client.sales.invoices.list.query({ limit: 100 });
    const last = Math.max(...before.items.map((row) => invoiceNumber(row.invoice_number)));
    // No fiscal period covers 2001: the posting fails after the number was taken.
    expect(
      await expectCode(client.sales.invoices.create.mutate({ order_id: order.id, invoice_date: "2001-01-01" }), "BAD_REQUEST"),
    ).toMatch(/No fiscal period covers 2001-01-01/);
    expect((await client.sales.orders.get.query({ id: order.id })).lines[0]?.quantity_invoiced).toBe("0.0000");
    const invoice = await client.sales.invoices.create.mutate({ order_id: order.id });
    expect(invoiceNumber(invoice.invoice_number)).toBe(last + 1);
  });

  test("of two concurrent receipts for the same open amount, one succeeds and the other gets CONFLICT", async () => {
    const d = await customer("d");
    const order = await shippedOrder(d.id, [{ product_id: mugId, quantity: 1 }]);
    const invoice = await client.sales.invoices.create.mutate({ order_id: order.id });
    const [first, second] = [
      await api.signIn(tenant.slug, tenant.email, tenant.password),
      await api.signIn(tenant.slug, tenant.email, tenant.password),
    ];
    const receipt = { customer_id: d.id, amount: "12.50", allocations: [{ invoice_id: invoice.id, amount: "12.50" }] };
    const results = await Promise.allSettled([first.sales.receipts.create.mutate(receipt), second.sales.receipts.create.mutate(receipt)]);
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failure = results.find((result) => result.status === "rejected");
    expect(await expectCode(Promise.reject(failure?.reason), "CONFLICT")).toMatch(/has only 0\.0000 open; 12\.5000 cannot be allocated/);
    expect(await client.sales.invoices.get.query({ id: invoice.id })).toMatchObject({ status: "paid", amount_paid: "12.5000" });
    expect((await client.sales.customers.statement.query({ customer_id: d.id })).closing_balance).toBe("0.0000");
  });
});

describe("receipts over several invoices, and the audit trail", () => {
  test("one receipt settles one invoice and part of another; every document transition has its audit row", async () => {
    const e = await customer("e");
    const small = await client.sales.invoices.create.mutate({
      order_id: (await shippedOrder(e.id, [{ product_id: mugId, quantity: 1 }])).id,
    });
    const large = await client.sales.invoices.create.mutate({
      order_id: (await shippedOrder(e.id, [{ product_id: mugId, quantity: 2 }])).id,
    });
    expect(
      await expectCode(client.sales.receipts.create.mutate({ customer_id: e.id, amount: "1", allocations: [] }), "BAD_REQUEST"),
    ).toMatch(/allocations: must have at least one allocation/);
    const receipt = await client.sales.receipts.create.mutate({
      customer_id: e.id,
      amount: "30",
      method: "card",
      allocations: [
        { invoice_id: large.id, amount: "17.50" },
        { invoice_id: small.id, amount: "12.50" },
      ],
    });
    expect(receipt).toMatchObject({ amount: "30.0000", method: "card", tax_invoice_id: null });
    expect(await client.sales.receipts.get.query({ id: receipt.id })).toMatchObject({ receipt_number: receipt.receipt_number });
    expect(await client.sales.invoices.get.query({ id: small.id })).toMatchObject({ status: "paid", amount_paid: "12.5000" });
    expect(await client.sales.invoices.get.query({ id: large.id })).toMatchObject({ status: "partially_paid", amount_paid: "17.5000" });
    expect((await client.sales.invoices.list.query({ customer_id: e.id, status: "paid" })).items.map((row) => row.id)).toEqual([small.id]);
    expect((await client.sales.customers.statement.query({ customer_id: e.id })).closing_balance).toBe("7.5000");

    const credit = await client.sales.creditNotes.create.mutate({
      invoice_id: large.id,
      lines: [{ invoice_item_id: large.lines[0]?.id ?? "", quantity: "0.6" }],
      reason: "price adjustment",
    });
    // 0.6 of 2 mugs at 25.00 is 7.50: the invoice is settled by payment and credit together.
    expect(credit.amount).toBe("7.5000");
    expect(await client.sales.invoices.get.query({ id: large.id })).toMatchObject({ status: "paid", amount_credited: "7.5000" });
    expect(await client.sales.creditNotes.get.query({ id: credit.id })).toMatchObject({ credit_note_number: credit.credit_note_number });

    const voided = await client.sales.invoices.create.mutate({
      order_id: (await shippedOrder(e.id, [{ product_id: mugId, quantity: 1 }])).id,
    });
    await client.sales.invoices.cancel.mutate({ id: voided.id, reason: "duplicate" });
    const trail = await inTenant((tx) =>
      tx.any(sql.type(z.object({ entity: z.string(), action: z.string(), user: z.boolean() }))`
        SELECT entity, action, user_id IS NOT NULL AS user FROM audit_log
        WHERE entity_id IN (${small.id}, ${large.id}, ${receipt.id}, ${credit.id}, ${voided.id}) ORDER BY id`),
    );
    expect(trail.map((row) => `${row.entity}.${row.action}`)).toEqual([
      "tax_invoices.issue",
      "tax_invoices.issue",
      "payment_receipts.create",
      "tax_invoices.pay",
      "tax_invoices.pay",
      "tax_invoices.credit",
      "credit_notes.issue",
      "tax_invoices.issue",
      "tax_invoices.cancel",
    ]);
    expect(trail.every((row) => row.user)).toBe(true);
  });
});

describe("the tenant's data after the flows", () => {
  test("checkInvariants: every rule holds", async () => {
    const results = await checkInvariants(api.platform.pool, schemaName);
    const failing = results.filter((result) => !result.ok);
    for (const rule of [
      "journal entries balance",
      "general ledger matches the posted journal lines",
      "ledger running balances follow the postings",
      "entries fall in their fiscal period",
    ]) {
      expect(
        results.find((result) => result.name === rule),
        rule,
      ).toMatchObject({ ok: true });
    }
    expect(failing.map((result) => `${result.name}: ${result.detail}`)).toEqual([]);
  });
});

describe("lists", () => {
  test("receipts and credit notes are listed oldest first, by customer, a page at a time", async () => {
    const all = await client.sales.receipts.list.query({ limit: 100 });
    expect(all.items.length).toBeGreaterThanOrEqual(2);
    const first = await client.sales.receipts.list.query({ limit: 1 });
    const second = await client.sales.receipts.list.query({ limit: 1, cursor: first.nextCursor ?? undefined });
    expect([first.items[0]?.id, second.items[0]?.id]).toEqual(all.items.slice(0, 2).map((receipt) => receipt.id));
    const customerId = all.items[0]?.customer_id ?? "";
    const own = await client.sales.receipts.list.query({ limit: 100, customer_id: customerId });
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((receipt) => receipt.customer_id === customerId)).toBe(true);

    const notes = await client.sales.creditNotes.list.query({ limit: 100 });
    expect(notes.items.length).toBeGreaterThan(0);
    expect(notes.items.map((note) => note.credit_note_number)).toEqual([...notes.items.map((note) => note.credit_note_number)].sort());
  });
});
