import type { ErpClient } from "@erp/client";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { bankLedgerAccountId } from "./support/banking.ts";
import { expectStockRulesHold, postingsOf } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import {
  addTaxRate,
  expectDatabaseRefusal,
  ledgerBalances,
  setVendorPrice,
  signInBuyer,
  tenantTable,
  userIdOf,
} from "./support/procurement.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Procure to pay from end to end, over the typed client, on a fresh growth tenant (no demo data).
 * Settings: approval threshold 500, quantity tolerance 10 %, price tolerance 1 %.
 * Widgets (taxed 10 %, the vendor's price 5.00) and gadgets (untaxed, agreed at 20.00).
 *
 *   PO-000001: 100 widgets × 5.00 = 500.00 + tax 50.00, 10 gadgets × 20.00 = 200.00 → 750.00
 *   GRN-000001: 60 widgets + 10 gadgets           Dr 1300 500.00 / Cr 2050 500.00
 *   bill A-1: 60 widgets at 5.20 (4 % over: price variance), 10 gadgets at 20.00
 *     net 312.00 + 200.00 = 512.00, tax 31.20, total 543.20
 *     approved with override                     Dr 2050 500.00, 5200 12.00, 1400 31.20 / Cr 2000 543.20
 *   GRN-000002: 40 widgets                       Dr 1300 200.00 / Cr 2050 200.00
 *   bill A-2: 40 widgets at 5.00: 200.00 + 20.00 = 220.00   Dr 2050 200.00, 1400 20.00 / Cr 2000 220.00
 *   PAY-000001: 300.00 to A-1                    Dr 2000 / Cr 1010 300.00
 *   PAY-000002: 243.20 to A-1, 220.00 to A-2     Dr 2000 / Cr 1010 463.20
 * Afterwards: inventory 700.00, GRNI 0, payables 0, bank −763.20, input tax 51.20, variance 12.00.
 * Then the bank's statement (both transfers) is imported and auto-matched: reconciled = statement = −763.20.
 */
let api: TestApi;
let tenant: TestTenant;
let client: ErpClient;
let buyer: ErpClient;
let adminId: string;
let warehouseId: string;
let widgetId: string;
let gadgetId: string;
let vendorId: string;

const balances = () => ledgerBalances(api, tenant.slug);

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("p2p", "growth");
  client = tenant.client;
  adminId = await userIdOf(api, tenant.slug, tenant.email);
  buyer = await signInBuyer(api, tenant, "buyer@p2p.test");
  const taxRateId = await addTaxRate(api, tenant.slug, "VAT10", "10");
  warehouseId = (await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true })).id;
  widgetId = (
    await client.catalog.products.create.mutate({
      sku: "WIDGET",
      name: "Widget",
      base_price: "9",
      status: "active",
      tax_rate_id: taxRateId,
    })
  ).id;
  gadgetId = (await client.catalog.products.create.mutate({ sku: "GADGET", name: "Gadget", base_price: "35", status: "active" })).id;
  vendorId = (await client.procurement.vendors.create.mutate({ name: "Acme Supply", status: "active", payment_terms_days: 30 })).id;
  await setVendorPrice(api, tenant.slug, { vendorId, productId: widgetId, lastCost: "5.00" });
  await client.procurement.settings.update.mutate({
    approval_threshold: "500",
    quantity_tolerance_percent: "10",
    price_tolerance_percent: "1",
  });
});
afterAll(async () => api?.close());

describe("procure to pay, end to end", () => {
  let orderId: string;
  let widgetLine: string;
  let gadgetLine: string;
  let firstBillId: string;
  let secondBillId: string;

  test("a purchase order is priced on the server and needs procurement.approve above the threshold", async () => {
    expect(await client.procurement.settings.get.query()).toEqual({
      approval_threshold: "500.0000",
      quantity_tolerance_percent: "10.0000",
      price_tolerance_percent: "1.0000",
      currency: "USD",
    });
    await expectCode(buyer.procurement.settings.update.mutate({ approval_threshold: "100000" }), "FORBIDDEN");
    const order = await buyer.procurement.purchaseOrders.create.mutate({
      vendor_id: vendorId,
      lines: [
        { product_id: widgetId, quantity: 100 },
        { product_id: gadgetId, quantity: 10, unit_cost: "20" },
      ],
    });
    orderId = order.id;
    widgetLine = order.lines[0]?.id ?? "";
    gadgetLine = order.lines[1]?.id ?? "";
    expect([order.po_number, order.status, order.warehouse_id, order.subtotal, order.tax_total, order.grand_total]).toEqual([
      "PO-000001",
      "draft",
      warehouseId,
      "700.0000",
      "50.0000",
      "750.0000",
    ]);
    expect(
      order.lines.map((line) => [line.quantity_ordered, line.unit_cost, line.tax_amount, line.line_total, line.quantity_tolerance_percent]),
    ).toEqual([
      ["100.0000", "5.0000", "50.0000", "550.0000", "10.0000"],
      ["10.0000", "20.0000", "0.0000", "200.0000", "10.0000"],
    ]);
    // Receiving or billing a draft is refused.
    await expectCode(
      client.procurement.goodsReceipts.create.mutate({
        purchase_order_id: orderId,
        lines: [{ purchase_order_item_id: widgetLine, quantity: 1 }],
      }),
      "CONFLICT",
    );
    const refused = await expectCode(buyer.procurement.purchaseOrders.approve.mutate({ id: orderId }), "FORBIDDEN");
    expect(refused).toContain("above the approval threshold of 500.0000");
    const approved = await client.procurement.purchaseOrders.approve.mutate({ id: orderId });
    expect([approved.status, approved.approved_by, approved.approved_at !== null, approved.ordered_at !== null]).toEqual([
      "approved",
      adminId,
      true,
      true,
    ]);
    await expectCode(client.procurement.purchaseOrders.approve.mutate({ id: orderId }), "CONFLICT");
    expect((await buyer.procurement.purchaseOrders.send.mutate({ id: orderId })).status).toBe("sent");
    // Once approved, the agreed lines are frozen in the database.
    await expectDatabaseRefusal(
      api.db.pool.query(sql.unsafe`UPDATE ${tenantTable(tenant.slug, "purchase_order_items")} SET unit_cost = 1 WHERE id = ${widgetLine}`),
      "purchase_order_items_frozen",
    );
  });

  test("a partial receipt puts the goods into stock at the order price against GRNI", async () => {
    const receipt = await buyer.procurement.goodsReceipts.create.mutate({
      purchase_order_id: orderId,
      delivery_note_number: "DN-77",
      lines: [
        { purchase_order_item_id: widgetLine, quantity: 60, lot_number: "L-2026-11" },
        { purchase_order_item_id: gadgetLine, quantity: 10 },
      ],
    });
    expect([receipt.grn_number, receipt.status, receipt.warehouse_id, receipt.lines.length]).toEqual([
      "GRN-000001",
      "posted",
      warehouseId,
      2,
    ]);
    expect(await postingsOf(api, tenant.slug, "goods_receipt_note", receipt.id)).toEqual([
      ["1300", "500.0000", "0.0000"],
      ["2050", "0.0000", "500.0000"],
    ]);
    const order = await client.procurement.purchaseOrders.get.query({ id: orderId });
    expect([order.status, order.lines.map((line) => line.quantity_received)]).toEqual(["partially_received", ["60.0000", "10.0000"]]);
    const stock = (await client.inventory.stock.levels.query({ product_id: widgetId })).items[0];
    expect([stock?.quantity_on_hand, stock?.average_cost]).toEqual(["60.0000", "5.0000"]);
    expect(await balances()).toMatchObject({ "1300": "500.0000", "2050": "-500.0000" });
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a bill with a price mismatch is refused, then approved with override by a user holding procurement.override", async () => {
    const bill = await buyer.procurement.bills.create.mutate({
      vendor_id: vendorId,
      invoice_number: "A-1",
      purchase_order_id: orderId,
      lines: [
        { purchase_order_item_id: widgetLine, quantity: 60, unit_cost: "5.20" },
        { purchase_order_item_id: gadgetLine, quantity: 10, unit_cost: "20" },
      ],
    });
    firstBillId = bill.id;
    expect([bill.status, bill.match_status, bill.subtotal, bill.tax_total, bill.grand_total]).toEqual([
      "draft",
      "variance",
      "512.0000",
      "31.2000",
      "543.2000",
    ]);
    expect(bill.match.map((line) => [line.line_number, line.issues, line.open_to_bill, line.ordered_unit_cost])).toEqual([
      [1, ["price"], "60.0000", "5.0000"],
      [2, [], "10.0000", "20.0000"],
    ]);
    const mismatch = await expectCode(buyer.procurement.bills.approve.mutate({ id: firstBillId }), "CONFLICT");
    expect(mismatch).toContain("line 1: billed at 5.2000, ordered at 5.0000");
    await expectCode(buyer.procurement.bills.approve.mutate({ id: firstBillId, override: true }), "FORBIDDEN");
    expect((await client.procurement.bills.get.query({ id: firstBillId })).status).toBe("draft");
    const approved = await client.procurement.bills.approve.mutate({ id: firstBillId, override: true });
    expect([approved.status, approved.match_status, approved.approved_by, approved.overridden_by]).toEqual([
      "approved",
      "variance",
      adminId,
      adminId,
    ]);
    const overrides = await api.db.pool.anyFirst(sql.type(z.object({ action: z.string() }))`
      SELECT action FROM ${tenantTable(tenant.slug, "audit_log")} WHERE entity = 'vendor_invoices' AND entity_id = ${firstBillId} ORDER BY occurred_at, id`);
    expect(overrides).toEqual(["create", "approve", "match_override"]);
    expect(await balances()).toMatchObject({
      "1300": "500.0000",
      "1400": "31.2000",
      "2000": "-543.2000",
      "2050": "0.0000",
      "5200": "12.0000",
    });
    await expectStockRulesHold(api, tenant.slug);
  });

  test("the second receipt completes the order; receiving beyond the tolerance is refused by the API and by the database", async () => {
    const receipt = await buyer.procurement.goodsReceipts.create.mutate({
      purchase_order_id: orderId,
      lines: [{ purchase_order_item_id: widgetLine, quantity: 40 }],
    });
    expect(receipt.grn_number).toBe("GRN-000002");
    expect((await client.procurement.purchaseOrders.get.query({ id: orderId })).status).toBe("received");
    // 100 received of 100 ordered + 10 % tolerance: 10 more may come, not 11.
    const over = await expectCode(
      buyer.procurement.goodsReceipts.create.mutate({
        purchase_order_id: orderId,
        lines: [{ purchase_order_item_id: widgetLine, quantity: 11 }],
      }),
      "BAD_REQUEST",
    );
    expect(over).toContain("lines.0.quantity: line 1 (WIDGET) can take at most 10.0000 more, not 11");
    await expectDatabaseRefusal(
      api.db.pool.query(
        sql.unsafe`UPDATE ${tenantTable(tenant.slug, "purchase_order_items")} SET quantity_received = 110.0001 WHERE id = ${widgetLine}`,
      ),
      "purchase_order_items_received",
    );
    expect(await balances()).toMatchObject({ "1300": "700.0000", "2050": "-200.0000" });
  });

  test("a matching bill is approved without override; billing beyond what arrived is never approved", async () => {
    const tooMuch = await buyer.procurement.bills.create.mutate({
      vendor_id: vendorId,
      invoice_number: "A-TOO-MUCH",
      purchase_order_id: orderId,
      lines: [{ purchase_order_item_id: widgetLine, quantity: 51, unit_cost: "5" }],
    });
    expect(tooMuch.match[0]?.issues).toEqual(["quantity"]);
    await expectCode(client.procurement.bills.approve.mutate({ id: tooMuch.id, override: true }), "CONFLICT");
    const bill = await buyer.procurement.bills.create.mutate({
      vendor_id: vendorId,
      invoice_number: "A-2",
      purchase_order_id: orderId,
      lines: [{ purchase_order_item_id: widgetLine, quantity: 40, unit_cost: "5" }],
    });
    secondBillId = bill.id;
    expect([bill.match_status, bill.grand_total]).toEqual(["matched", "220.0000"]);
    const approved = await buyer.procurement.bills.approve.mutate({ id: secondBillId });
    expect([approved.status, approved.overridden_by]).toEqual(["approved", null]);
    expect(await balances()).toMatchObject({ "2000": "-763.2000", "2050": "0.0000", "1400": "51.2000" });
    const aging = await client.procurement.payables.aging.query({});
    expect(aging.vendors.map((row) => [row.vendor_name, row.current, row.total])).toEqual([["Acme Supply", "763.2000", "763.2000"]]);
    // Ninety days on, both bills (due in 30) are 60 days late.
    const later = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    expect((await client.procurement.payables.aging.query({ as_of: later })).totals.days_31_60).toBe("763.2000");
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a partial and a final payment settle both bills; the books end where the comment says", async () => {
    const first = await buyer.procurement.payments.create.mutate({
      vendor_id: vendorId,
      amount: "300",
      allocations: [{ bill_id: firstBillId, amount: "300" }],
    });
    expect(first.payment_number).toBe("PAY-000001");
    const partly = await client.procurement.bills.get.query({ id: firstBillId });
    expect([partly.status, partly.amount_paid]).toEqual(["partially_paid", "300.0000"]);
    await expectCode(
      buyer.procurement.payments.create.mutate({
        vendor_id: vendorId,
        amount: "300",
        allocations: [{ bill_id: firstBillId, amount: "300" }],
      }),
      "CONFLICT",
    );
    const second = await buyer.procurement.payments.create.mutate({
      vendor_id: vendorId,
      amount: "463.20",
      allocations: [
        { bill_id: firstBillId, amount: "243.20" },
        { bill_id: secondBillId, amount: "220" },
      ],
    });
    expect(second.payment_number).toBe("PAY-000002");
    for (const id of [firstBillId, secondBillId]) expect((await client.procurement.bills.get.query({ id })).status).toBe("paid");
    expect(await balances()).toMatchObject({
      "1010": "-763.2000",
      "1300": "700.0000",
      "1400": "51.2000",
      "2000": "0.0000",
      "2050": "0.0000",
      "5200": "12.0000",
    });
    expect((await client.procurement.payables.aging.query({})).totals.total).toBe("0.0000");
    expect((await client.procurement.purchaseOrders.close.mutate({ id: orderId })).status).toBe("closed");
    await expectStockRulesHold(api, tenant.slug);
  });

  test("the bank statement shows both payments: auto-match reconciles them and the reconciled balance equals the statement", async () => {
    const bank = await client.finance.bankAccounts.create.mutate({
      account_id: await bankLedgerAccountId(client),
      name: "Operating",
      bank_name: "First Bank",
      account_number: "P2P-1",
    });
    const day = new Date().toISOString().slice(0, 10);
    const csv = [
      "date,description,reference,debit,credit,balance",
      `${day},Transfer to Acme Supply,PAY-000001,300.00,,-300.00`,
      `${day},Transfer to Acme Supply,PAY-000002,463.20,,-763.20`,
    ].join("\n");
    const imported = await client.finance.bankStatements.import.mutate({ bank_account_id: bank.id, csv, closing_balance: "-763.20" });
    expect(imported.imported).toBe(2);
    const matched = await client.finance.bankAccounts.autoMatch.mutate({ id: bank.id });
    expect(matched.matched).toHaveLength(2);
    const reconciled = await client.finance.bankAccounts.balances.query({ id: bank.id });
    expect(reconciled.unreconciled_lines).toEqual({ count: 0, total: "0.0000" });
    expect([reconciled.statement_balance, reconciled.reconciled_balance, reconciled.ledger_balance]).toEqual([
      "-763.2000",
      "-763.2000",
      "-763.2000",
    ]);
    expect((await balances())["1010"]).toBe("-763.2000");
    expect((await client.procurement.payables.aging.query({})).totals.total).toBe("0.0000");
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("debit notes, duplicates and races", () => {
  let orderId: string;
  let lineId: string;

  beforeAll(async () => {
    const order = await client.procurement.purchaseOrders.create.mutate({
      vendor_id: vendorId,
      lines: [{ product_id: widgetId, quantity: 10 }],
    });
    orderId = order.id;
    lineId = order.lines[0]?.id ?? "";
    await buyer.procurement.purchaseOrders.approve.mutate({ id: orderId });
    await buyer.procurement.goodsReceipts.create.mutate({
      purchase_order_id: orderId,
      lines: [{ purchase_order_item_id: lineId, quantity: 10 }],
    });
  });

  test("20 bills created at once with the same vendor number: exactly one succeeds, the others are CONFLICT", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        buyer.procurement.bills.create.mutate({
          vendor_id: vendorId,
          invoice_number: "DUP-1",
          purchase_order_id: orderId,
          lines: [{ purchase_order_item_id: lineId, quantity: 10, unit_cost: "5" }],
        }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.filter((result) => result.status === "rejected");
    expect(refused).toHaveLength(19);
    for (const result of refused) await expectCode(Promise.reject(result.reason), "CONFLICT");
  });

  test("concurrent payments of one bill's open amount: one is allocated, the rest CONFLICT; the database refuses over-allocation too", async () => {
    const bill = (await client.procurement.bills.list.query({ vendor_id: vendorId, status: "draft" })).items.find(
      (row) => row.invoice_number === "DUP-1",
    );
    const approved = await buyer.procurement.bills.approve.mutate({ id: bill?.id ?? "" });
    expect(approved.grand_total).toBe("55.0000");
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        buyer.procurement.payments.create.mutate({
          vendor_id: vendorId,
          amount: "30",
          allocations: [{ bill_id: approved.id, amount: "30" }],
        }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((result) => result.status === "rejected"))
      await expectCode(Promise.reject(result.reason), "CONFLICT");
    expect((await client.procurement.bills.get.query({ id: approved.id })).amount_paid).toBe("30.0000");
    // Straight into the table, beyond what is open: the allocation trigger and the bill's CHECK refuse it.
    await expectDatabaseRefusal(
      api.db.pool.query(sql.unsafe`
        WITH payment AS (
          INSERT INTO ${tenantTable(tenant.slug, "vendor_payments")} (payment_number, vendor_id, amount) VALUES ('BY-HAND', ${vendorId}, 25.0001)
          RETURNING id
        )
        INSERT INTO ${tenantTable(tenant.slug, "vendor_payment_allocations")} (vendor_payment_id, vendor_invoice_id, amount)
        SELECT id, ${approved.id}, 25.0001 FROM payment`),
      // Paid beyond the total breaks both of the bill's rules; either may be reported first.
      /^vendor_invoices_(paid|settled_le_total)$/,
    );
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a debit note returns goods at cost and takes the bill's open amount down", async () => {
    const bill = (await client.procurement.bills.list.query({ vendor_id: vendorId, status: "partially_paid" })).items.find(
      (row) => row.invoice_number === "DUP-1",
    );
    const billId = bill?.id ?? "";
    const line = (await client.procurement.bills.get.query({ id: billId })).lines[0];
    const before = await balances();
    const note = await buyer.procurement.debitNotes.create.mutate({
      bill_id: billId,
      reason: "Four arrived scratched",
      lines: [{ bill_item_id: line?.id ?? "", quantity: 4 }],
    });
    expect([note.return_number, note.status, note.total_amount, note.tax_total]).toEqual(["DN-000001", "credited", "22.0000", "2.0000"]);
    const after = await balances();
    const moved = (code: string) => (Number(after[code] ?? 0) - Number(before[code] ?? 0)).toFixed(4);
    expect([moved("2000"), moved("1300"), moved("1400")]).toEqual(["22.0000", "-20.0000", "-2.0000"]);
    const credited = await client.procurement.bills.get.query({ id: billId });
    expect([credited.amount_credited, credited.amount_paid, credited.status]).toEqual(["22.0000", "30.0000", "partially_paid"]);
    expect((await client.procurement.purchaseOrders.get.query({ id: orderId })).lines[0]?.quantity_returned).toBe("4.0000");
    const tooMany = await expectCode(
      buyer.procurement.debitNotes.create.mutate({
        bill_id: billId,
        reason: "More",
        lines: [{ bill_item_id: line?.id ?? "", quantity: 7 }],
      }),
      "BAD_REQUEST",
    );
    expect(tooMany).toContain("has 6.0000 left to return");
    // The bill's remaining 3.00 open does not take a debit note of 5.50.
    await expectCode(
      buyer.procurement.debitNotes.create.mutate({
        bill_id: billId,
        reason: "More",
        lines: [{ bill_item_id: line?.id ?? "", quantity: 1 }],
      }),
      "CONFLICT",
    );
    await expectStockRulesHold(api, tenant.slug);
  });

  test("reorder suggestions become one draft purchase order per preferred vendor", async () => {
    await api.db.pool.query(sql.unsafe`
      UPDATE ${tenantTable(tenant.slug, "inventory")} SET reorder_point = 200, reorder_quantity = 50 WHERE product_id = ${widgetId}`);
    const suggestions = await client.procurement.reorder.suggestions.query({});
    expect(suggestions.map((row) => [row.sku, row.quantity_available, row.suggested_quantity, row.vendor_id])).toEqual([
      ["WIDGET", "106.0000", "94.0000", vendorId],
    ]);
    const created = await client.procurement.reorder.createPurchaseOrders.mutate({});
    expect([created.purchase_order_ids.length, created.without_vendor]).toEqual([1, []]);
    const order = await client.procurement.purchaseOrders.get.query({ id: created.purchase_order_ids[0] ?? "" });
    expect([order.status, order.vendor_id, order.lines.map((line) => [line.quantity_ordered, line.unit_cost])]).toEqual([
      "draft",
      vendorId,
      [["94.0000", "5.0000"]],
    ]);
    // Drafts count as on order: nothing more to suggest.
    expect(await client.procurement.reorder.suggestions.query({})).toEqual([]);
  });
});
