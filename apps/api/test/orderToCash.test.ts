import type { ErpClient } from "@erp/client";
import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Order to cash from end to end, over the typed client, on a fresh growth tenant (no demo data):
 * customer with a credit limit → order (a taxed line, an untaxed one, shipping) → confirm →
 * partial shipment → invoice → partial receipt → credit note with one unit restocked → second
 * shipment → invoice → receipt of the rest. Every figure below is computed by hand in the comments;
 * at the end the books (ledger per account, trial balance), the customer statement, the aging, the
 * documents' numbers and the system's invariants must all agree with them.
 *
 * The stock (moving average, 4 decimals):
 *   lamps  10 at 12.00 + 10 at 15.00 → 20 at 13.50 (worth 270.00); books 20 at 5.00 (100.00).
 * The order: 4 lamps at 39.99 taxed 8.25 %, 6 books at 12.50 untaxed, shipping 9.95.
 *   order tax = round(159.96 × 8.25 %, 4) = 13.1967 (invoices round per line to cents instead)
 *   order grand total = 159.96 + 75.00 + 13.1967 + 9.95 = 258.1067, within the limit of 300.
 * Every posting is dated today, so all of it lies in the current period.
 */
let api: TestApi;
let tenant: TestTenant;
let client: ErpClient;
let schemaName: string;
const account: Record<string, string> = {};
let periodId: string;
let warehouseId: string;
let lampId: string;
let bookId: string;
let customerId: string;

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("o2c", "growth");
  client = tenant.client;
  schemaName = tenantNames(tenant.slug).schemaName;
  for (const row of (await client.finance.accounts.list.query({ limit: 100 })).items) account[row.code] = row.id;
  const periods = (await client.finance.periods.list.query({})).items;
  periodId = periods.find((period) => period.start_date <= today() && today() <= period.end_date)?.id ?? "";
  // No API manages tax rates yet: an 8.25 % sales tax straight into the tenant's table.
  const taxRateId = await api.db.pool.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO ${sql.identifier([schemaName, "tax_rates"])} (code, name, rate) VALUES ('ST825', 'Sales tax 8.25%', 8.25) RETURNING id`);
  warehouseId = (await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true })).id;
  const lamp = await client.catalog.products.create.mutate({
    sku: "LAMP",
    name: "Desk lamp",
    base_price: "39.99",
    status: "active",
    tax_rate_id: taxRateId,
  });
  const book = await client.catalog.products.create.mutate({ sku: "BOOK", name: "Notebook", base_price: "12.50", status: "active" });
  lampId = lamp.id;
  bookId = book.id;
  const receive = (productId: string, quantity: number, unitCost: string) =>
    client.inventory.stock.receive.mutate({ product_id: productId, warehouse_id: warehouseId, quantity, unit_cost: unitCost });
  await receive(lampId, 10, "12.00");
  await receive(lampId, 10, "15.00");
  await receive(bookId, 20, "5.00");
});
afterAll(async () => api?.close());

async function stockOf(productId: string) {
  const row = (await client.inventory.stock.levels.query({ product_id: productId })).items[0];
  return [row?.quantity_on_hand, row?.quantity_reserved, row?.average_cost];
}

async function invoiceState(id: string) {
  const invoice = await client.sales.invoices.get.query({ id });
  return [invoice.status, invoice.amount_paid, invoice.amount_credited];
}

describe("order to cash, end to end", () => {
  let order: Awaited<ReturnType<ErpClient["sales"]["orders"]["create"]["mutate"]>>;
  let lampLine: string;
  let bookLine: string;
  let firstInvoiceId: string;
  let secondInvoiceId: string;
  const numbers = { shipments: [] as string[], invoices: [] as string[], receipts: [] as string[], creditNotes: [] as string[] };

  test("a customer with a credit limit orders two lines and shipping; the order confirms within the limit, a second one would not", async () => {
    expect(await stockOf(lampId)).toEqual(["20.0000", "0.0000", "13.5000"]);
    const customer = await client.sales.customers.create.mutate({
      name: "Acme Stores",
      email: "ap@acme.test",
      payment_terms_days: 30,
      credit_limit: "300",
    });
    customerId = customer.id;
    order = await client.sales.orders.create.mutate({
      customer_id: customerId,
      lines: [
        { product_id: lampId, quantity: 4 },
        { product_id: bookId, quantity: 6 },
      ],
      shipping_total: "9.95",
    });
    lampLine = order.lines[0]?.id ?? "";
    bookLine = order.lines[1]?.id ?? "";
    // 4 × 39.99 = 159.96 and 6 × 12.50 = 75.00; tax 159.96 × 8.25 % = 13.1967 (4 places on the order).
    expect([order.subtotal, order.tax_total, order.shipping_total, order.grand_total]).toEqual([
      "234.9600",
      "13.1967",
      "9.9500",
      "258.1067",
    ]);
    expect((await client.sales.orders.confirm.mutate({ id: order.id })).status).toBe("confirmed");

    // Two more lamps: 79.98 + round(79.98 × 8.25 %, 4) = 79.98 + 6.5984 = 86.5784 on top of the
    // confirmed order's 258.1067 is 344.6851, over 300.
    const more = await client.sales.orders.create.mutate({ customer_id: customerId, lines: [{ product_id: lampId, quantity: 2 }] });
    expect(await expectCode(client.sales.orders.confirm.mutate({ id: more.id }), "BAD_REQUEST")).toBe(
      `Confirming order ${more.order_number} would bring Acme Stores's exposure to 344.6851 (open invoices 0.0000 + open orders 258.1067 + this order 86.5784), over the credit limit of 300.0000; a user with sales.override may confirm it with override_credit.`,
    );
    expect((await client.sales.orders.cancel.mutate({ id: more.id })).status).toBe("cancelled");
    // The confirmed order reserves its 4 lamps; the cancelled one released its 2.
    expect(await stockOf(lampId)).toEqual(["20.0000", "4.0000", "13.5000"]);
  });

  test("a partial shipment takes the goods out at the moving average and posts their cost", async () => {
    const shipment = await client.sales.shipments.create.mutate({
      order_id: order.id,
      lines: [
        { order_item_id: lampLine, quantity: 3 },
        { order_item_id: bookLine, quantity: 4 },
      ],
    });
    numbers.shipments.push(shipment.shipment_number);
    // Cost: 3 × 13.50 + 4 × 5.00 = 40.50 + 20.00 = 60.50 (Dr cost of goods sold / Cr inventory).
    expect(shipment.lines.map((line) => [line.order_item_id, line.quantity, line.unit_cost])).toEqual([
      [lampLine, "3.0000", "13.5000"],
      [bookLine, "4.0000", "5.0000"],
    ]);
    const partly = await client.sales.orders.get.query({ id: order.id });
    expect(partly.status).toBe("partially_shipped");
    expect(partly.lines.map((line) => [line.quantity_shipped, line.quantity_invoiced])).toEqual([
      ["3.0000", "0.0000"],
      ["4.0000", "0.0000"],
    ]);
    expect(await stockOf(lampId)).toEqual(["17.0000", "1.0000", "13.5000"]);
    expect(await stockOf(bookId)).toEqual(["16.0000", "2.0000", "5.0000"]);
  });

  test("the first invoice bills what shipped, tax per line rounded to cents, and the shipping", async () => {
    const invoice = await client.sales.invoices.create.mutate({ order_id: order.id });
    firstInvoiceId = invoice.id;
    numbers.invoices.push(invoice.invoice_number);
    // Lamps: 3 × 39.99 = 119.97, tax 119.97 × 8.25 % = 9.897525 → 9.90; books 4 × 12.50 = 50.00;
    // shipping 9.95. Subtotal 179.92, tax 9.90, grand total 189.82.
    expect(invoice.lines.map((line) => [line.description, line.quantity, line.unit_price, line.tax_amount, line.line_total])).toEqual([
      ["Desk lamp", "3.0000", "39.9900", "9.9000", "129.8700"],
      ["Notebook", "4.0000", "12.5000", "0.0000", "50.0000"],
      ["Shipping", "1.0000", "9.9500", "0.0000", "9.9500"],
    ]);
    expect(invoice).toMatchObject({
      status: "issued",
      subtotal: "179.9200",
      tax_total: "9.9000",
      grand_total: "189.8200",
      amount_paid: "0.0000",
      amount_credited: "0.0000",
      invoice_date: today(),
      due_date: addDays(today(), 30),
    });
  });

  test("a partial receipt: the invoice is partially paid; the aging shows what is open, by how late it is", async () => {
    const receipt = await client.sales.receipts.create.mutate({
      customer_id: customerId,
      amount: "100",
      reference: "wire 1",
      allocations: [{ invoice_id: firstInvoiceId, amount: "100" }],
    });
    numbers.receipts.push(receipt.receipt_number);
    expect(receipt).toMatchObject({ status: "cleared", amount: "100.0000", tax_invoice_id: firstInvoiceId });
    expect(await invoiceState(firstInvoiceId)).toEqual(["partially_paid", "100.0000", "0.0000"]);

    // Open: 189.82 − 100 = 89.82, due in 30 days: current today, 1–30 days late in 40 days.
    const now = await client.sales.receivables.aging.query({});
    expect(now.customers).toEqual([
      {
        customer_id: customerId,
        customer_name: "Acme Stores",
        current: "89.8200",
        days_1_30: "0.0000",
        days_31_60: "0.0000",
        days_61_90: "0.0000",
        days_over_90: "0.0000",
        total: "89.8200",
      },
    ]);
    const later = await client.sales.receivables.aging.query({ as_of: addDays(today(), 40) });
    expect(later.totals).toEqual({
      current: "0.0000",
      days_1_30: "89.8200",
      days_31_60: "0.0000",
      days_61_90: "0.0000",
      days_over_90: "0.0000",
      total: "89.8200",
    });
  });

  test("a credit note for one returned lamp, restocked at the cost it left with (not at today's average)", async () => {
    // A delivery between shipment and return moves the average: 17 × 13.50 + 3 × 17.00 = 229.50 +
    // 51.00 = 280.50 over 20 = 14.0250.
    await client.inventory.stock.receive.mutate({ product_id: lampId, warehouse_id: warehouseId, quantity: 3, unit_cost: "17.00" });
    expect(await stockOf(lampId)).toEqual(["20.0000", "1.0000", "14.0250"]);

    const invoice = await client.sales.invoices.get.query({ id: firstInvoiceId });
    const credit = await client.sales.creditNotes.create.mutate({
      invoice_id: firstInvoiceId,
      lines: [{ invoice_item_id: invoice.lines[0]?.id ?? "", quantity: 1 }],
      reason: "lamp returned",
      restock: true,
    });
    numbers.creditNotes.push(credit.credit_note_number);
    // A third of the lamp line: net 119.97 / 3 = 39.99, tax 9.90 / 3 = 3.30; 43.29 in all.
    expect(credit).toMatchObject({ status: "applied", subtotal: "39.9900", tax_total: "3.3000", amount: "43.2900" });
    // Open: 189.82 − 100 − 43.29 = 46.53.
    expect(await invoiceState(firstInvoiceId)).toEqual(["partially_paid", "100.0000", "43.2900"]);
    // Back at 13.50, the cost it shipped at: (280.50 + 13.50) / 21 = 14.0000 exactly (no rounding
    // to inventory adjustments); Dr inventory 13.50 / Cr cost of goods sold 13.50.
    expect(await stockOf(lampId)).toEqual(["21.0000", "1.0000", "14.0000"]);
    const returned = await client.inventory.stock.movements.query({ product_id: lampId, movement_type: "return" });
    expect(returned.items.map((m) => [m.quantity, m.unit_cost, m.reference_type, m.reference_id])).toEqual([
      ["1.0000", "13.5000", "credit_note", credit.id],
    ]);
    expect((await client.sales.orders.get.query({ id: order.id })).lines.map((line) => line.quantity_returned)).toEqual([
      "1.0000",
      "0.0000",
    ]);
    expect((await client.sales.receivables.aging.query({})).totals.current).toBe("46.5300");
  });

  test("the second shipment ships the rest at today's average; the order is shipped", async () => {
    const shipment = await client.sales.shipments.create.mutate({ order_id: order.id });
    numbers.shipments.push(shipment.shipment_number);
    // Cost: 1 × 14.00 + 2 × 5.00 = 24.00.
    expect(shipment.lines.map((line) => [line.order_item_id, line.quantity, line.unit_cost])).toEqual([
      [lampLine, "1.0000", "14.0000"],
      [bookLine, "2.0000", "5.0000"],
    ]);
    const shipped = await client.sales.orders.get.query({ id: order.id });
    expect(shipped.status).toBe("shipped");
    expect(shipped.lines.map((line) => line.quantity_shipped)).toEqual(["4.0000", "6.0000"]);
    expect(await stockOf(lampId)).toEqual(["20.0000", "0.0000", "14.0000"]);
    expect(await stockOf(bookId)).toEqual(["14.0000", "0.0000", "5.0000"]);
  });

  test("the second invoice bills only the second shipment, without shipping", async () => {
    const invoice = await client.sales.invoices.create.mutate({ order_id: order.id });
    secondInvoiceId = invoice.id;
    numbers.invoices.push(invoice.invoice_number);
    // 1 × 39.99, tax 3.299175 → 3.30; 2 × 12.50 = 25.00. Subtotal 64.99, tax 3.30, total 68.29.
    expect(invoice.lines.map((line) => [line.description, line.quantity, line.tax_amount, line.line_total])).toEqual([
      ["Desk lamp", "1.0000", "3.3000", "43.2900"],
      ["Notebook", "2.0000", "0.0000", "25.0000"],
    ]);
    expect([invoice.status, invoice.subtotal, invoice.tax_total, invoice.grand_total]).toEqual(["issued", "64.9900", "3.3000", "68.2900"]);
    expect((await client.sales.orders.get.query({ id: order.id })).lines.map((line) => line.quantity_invoiced)).toEqual([
      "4.0000",
      "6.0000",
    ]);
  });

  test("one receipt pays the rest of both invoices: both are paid", async () => {
    // 46.53 left on the first, 68.29 on the second: 114.82.
    const receipt = await client.sales.receipts.create.mutate({
      customer_id: customerId,
      amount: "114.82",
      allocations: [
        { invoice_id: firstInvoiceId, amount: "46.53" },
        { invoice_id: secondInvoiceId, amount: "68.29" },
      ],
    });
    numbers.receipts.push(receipt.receipt_number);
    expect(receipt.allocations.map((allocation) => [allocation.tax_invoice_id, allocation.amount])).toEqual([
      [firstInvoiceId, "46.5300"],
      [secondInvoiceId, "68.2900"],
    ]);
    // 100 + 46.53 paid and 43.29 credited = 189.82.
    expect(await invoiceState(firstInvoiceId)).toEqual(["paid", "146.5300", "43.2900"]);
    expect(await invoiceState(secondInvoiceId)).toEqual(["paid", "68.2900", "0.0000"]);
  });

  test("the documents' numbers are consecutive; the order and invoice went through their states", async () => {
    expect(numbers).toEqual({
      shipments: ["SH-000001", "SH-000002"],
      invoices: ["INV-000001", "INV-000002"],
      receipts: ["RC-000001", "RC-000002"],
      creditNotes: ["CN-000001"],
    });
    const history = await api.db.pool.any(sql.type(z.object({ from: z.string().nullable(), to: z.string() }))`
      SELECT from_status AS from, to_status AS to FROM ${sql.identifier([schemaName, "order_status_history"])}
      WHERE order_id = ${order.id} ORDER BY changed_at, id`);
    expect(history.map((row) => `${row.from ?? ""} → ${row.to}`)).toEqual([
      " → draft",
      "draft → confirmed",
      "confirmed → partially_shipped",
      "partially_shipped → shipped",
    ]);
    const invoiceAudit = await api.db.pool.any(sql.type(z.object({ action: z.string(), status: z.string().nullable() }))`
      SELECT action, data -> 'after' ->> 'status' AS status FROM ${sql.identifier([schemaName, "audit_log"])}
      WHERE entity = 'tax_invoices' AND entity_id = ${firstInvoiceId} ORDER BY id`);
    // The audit keeps changed fields only: the credit note left the status as it was.
    expect(invoiceAudit.map((row) => `${row.action}: ${row.status ?? "(status unchanged)"}`)).toEqual([
      "issue: issued",
      "pay: partially_paid",
      "credit: (status unchanged)",
      "pay: paid",
    ]);
  });

  test("each account's ledger has exactly the flow's postings", async () => {
    const ledger = async (code: string) => {
      const read = await client.finance.ledger.account.query({ account_id: account[code] ?? "", period_id: periodId, limit: 100 });
      return {
        opening: read.opening,
        closing: read.closing,
        rows: read.items.map((row) => [row.description, row.debit, row.credit, row.balance]),
      };
    };
    const so = order.order_number;
    // Receivable: 189.82 − 100 − 43.29 + 68.29 − 114.82 = 0.
    expect(await ledger("1200")).toEqual({
      opening: "0.0000",
      closing: "0.0000",
      rows: [
        [`Invoice INV-000001 for order ${so}`, "189.8200", "0.0000", "189.8200"],
        ["Receipt RC-000001", "0.0000", "100.0000", "89.8200"],
        ["Credit note CN-000001 on invoice INV-000001", "0.0000", "43.2900", "46.5300"],
        [`Invoice INV-000002 for order ${so}`, "68.2900", "0.0000", "114.8200"],
        ["Receipt RC-000002", "0.0000", "114.8200", "0.0000"],
      ],
    });
    // Revenue: 119.97 + 50.00 − 39.99 + 39.99 + 25.00 = 194.97, the 3 lamps and 6 books kept.
    expect(await ledger("4000")).toEqual({
      opening: "0.0000",
      closing: "-194.9700",
      rows: [
        [`Invoice INV-000001 for order ${so}`, "0.0000", "169.9700", "-169.9700"],
        ["Credit note CN-000001 on invoice INV-000001", "39.9900", "0.0000", "-129.9800"],
        [`Invoice INV-000002 for order ${so}`, "0.0000", "64.9900", "-194.9700"],
      ],
    });
    expect(await ledger("4100")).toEqual({
      opening: "0.0000",
      closing: "-9.9500",
      rows: [[`Invoice INV-000001 for order ${so}`, "0.0000", "9.9500", "-9.9500"]],
    });
    // Tax payable: 9.90 − 3.30 + 3.30 = 9.90.
    expect(await ledger("2100")).toEqual({
      opening: "0.0000",
      closing: "-9.9000",
      rows: [
        [`Invoice INV-000001 for order ${so}`, "0.0000", "9.9000", "-9.9000"],
        ["Credit note CN-000001 on invoice INV-000001", "3.3000", "0.0000", "-6.6000"],
        [`Invoice INV-000002 for order ${so}`, "0.0000", "3.3000", "-9.9000"],
      ],
    });
    // Inventory: 120 + 150 + 100 − 60.50 + 51 + 13.50 − 24 = 350.00 = 20 lamps × 14.00 + 14 books × 5.00.
    expect(await ledger("1300")).toEqual({
      opening: "0.0000",
      closing: "350.0000",
      rows: [
        ["Receipt of 10 × LAMP at 12.00", "120.0000", "0.0000", "120.0000"],
        ["Receipt of 10 × LAMP at 15.00", "150.0000", "0.0000", "270.0000"],
        ["Receipt of 20 × BOOK at 5.00", "100.0000", "0.0000", "370.0000"],
        [`Shipment SH-000001 of order ${so}`, "0.0000", "60.5000", "309.5000"],
        ["Receipt of 3 × LAMP at 17.00", "51.0000", "0.0000", "360.5000"],
        ["Goods returned on credit note CN-000001", "13.5000", "0.0000", "374.0000"],
        [`Shipment SH-000002 of order ${so}`, "0.0000", "24.0000", "350.0000"],
      ],
    });
    // Cost of goods sold: 60.50 − 13.50 + 24.00 = 71.00 = 2 lamps at 13.50 + 1 at 14.00 + 6 books at 5.00.
    expect(await ledger("5000")).toEqual({
      opening: "0.0000",
      closing: "71.0000",
      rows: [
        [`Shipment SH-000001 of order ${so}`, "60.5000", "0.0000", "60.5000"],
        ["Goods returned on credit note CN-000001", "0.0000", "13.5000", "47.0000"],
        [`Shipment SH-000002 of order ${so}`, "24.0000", "0.0000", "71.0000"],
      ],
    });
    // Bank: 100 + 114.82 = 214.82 = 189.82 + 68.29 − 43.29 billed and not credited.
    expect(await ledger("1010")).toEqual({
      opening: "0.0000",
      closing: "214.8200",
      rows: [
        ["Receipt RC-000001", "100.0000", "0.0000", "100.0000"],
        ["Receipt RC-000002", "114.8200", "0.0000", "214.8200"],
      ],
    });
  });

  test("the trial balance: every account's totals and balance, debits equal credits; profit and balance sheet agree", async () => {
    const report = await client.finance.reports.trialBalance.query({});
    expect(report.accounts.map((row) => [row.code, row.debit, row.credit, row.debit_balance, row.credit_balance])).toEqual([
      ["1010", "214.8200", "0.0000", "214.8200", "0.0000"],
      ["1200", "258.1100", "258.1100", "0.0000", "0.0000"],
      // 120 + 150 + 100 + 51 + 13.50 in, 60.50 + 24 out.
      ["1300", "434.5000", "84.5000", "350.0000", "0.0000"],
      ["2100", "3.3000", "13.2000", "0.0000", "9.9000"],
      // Opening equity: the stock receipts at cost, 120 + 150 + 100 + 51.
      ["3000", "0.0000", "421.0000", "0.0000", "421.0000"],
      ["4000", "39.9900", "234.9600", "0.0000", "194.9700"],
      ["4100", "0.0000", "9.9500", "0.0000", "9.9500"],
      ["5000", "84.5000", "13.5000", "71.0000", "0.0000"],
    ]);
    // Balances: 214.82 + 350 + 71 = 635.82 = 9.90 + 421 + 194.97 + 9.95.
    expect(report.totals).toEqual({ debit: "1035.2200", credit: "1035.2200", debit_balance: "635.8200", credit_balance: "635.8200" });
    expect(report.balanced).toBe(true);

    // Profit: revenue 194.97 + shipping 9.95 − cost of goods sold 71.00 = 133.92; the balance sheet:
    // bank 214.82 + inventory 350.00 = 564.82 = tax payable 9.90 + opening equity 421.00 + 133.92.
    const profit = await client.finance.reports.profitAndLoss.query({ from: today(), to: today() });
    expect([profit.revenue.total, profit.expenses.total, profit.result]).toEqual(["204.9200", "71.0000", "133.9200"]);
    const sheet = await client.finance.reports.balanceSheet.query({ as_of: today() });
    expect([sheet.assets.total, sheet.liabilities.total, sheet.equity.total, sheet.current_result, sheet.balances]).toEqual([
      "564.8200",
      "9.9000",
      "421.0000",
      "133.9200",
      true,
    ]);
  });

  test("the customer statement: every document with the running balance, closing at 0; the aging is empty", async () => {
    const statement = await client.sales.customers.statement.query({ customer_id: customerId });
    expect(statement.opening_balance).toBe("0.0000");
    expect(statement.lines.map((line) => [line.kind, line.document_number, line.debit, line.credit, line.balance])).toEqual([
      ["invoice", "INV-000001", "189.8200", "0.0000", "189.8200"],
      ["receipt", "RC-000001", "0.0000", "100.0000", "89.8200"],
      ["credit_note", "CN-000001", "0.0000", "43.2900", "46.5300"],
      ["invoice", "INV-000002", "68.2900", "0.0000", "114.8200"],
      ["receipt", "RC-000002", "0.0000", "114.8200", "0.0000"],
    ]);
    expect(statement.closing_balance).toBe("0.0000");

    const zero = {
      current: "0.0000",
      days_1_30: "0.0000",
      days_31_60: "0.0000",
      days_61_90: "0.0000",
      days_over_90: "0.0000",
      total: "0.0000",
    };
    for (const asOf of [undefined, addDays(today(), 40), addDays(today(), 200)]) {
      const aging = await client.sales.receivables.aging.query({ as_of: asOf });
      expect(aging.customers).toEqual([]);
      expect(aging.totals).toEqual(zero);
    }
  });

  test("the tenant keeps every invariant", async () => {
    const results = await checkInvariants(api.db.pool, schemaName);
    expect(results.length).toBeGreaterThan(20);
    const failing = results.filter((result) => !result.ok).map((result) => `${result.name}: ${result.detail}`);
    expect(failing).toEqual([]);
  });
});
