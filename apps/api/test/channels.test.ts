import type { ErpClient } from "@erp/client";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectStockRulesHold } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Channels and commissions over the typed client on a professional tenant: partner lifecycles,
 * order attribution, commission rules (channel, partner, category, volume tier), runs computed
 * from invoiced orders (idempotent), approval posting Dr commission expense / Cr commissions
 * payable, clawback of a credit note in the next run, the database refusing edits of an
 * approved run; payouts within what is payable (concurrent ones too), Dr payable / Cr bank; a growth tenant is refused the module, another tenant sees none of it.
 */
let api: TestApi;
let tenant: TestTenant;
let other: TestTenant;
let client: ErpClient;
let schemaName: string;

const today = new Date().toISOString().slice(0, 10);
const thisMonth = `${today.slice(0, 7)}-01`;
const lastMonthDate = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 15)).toISOString().slice(0, 10);
const lastMonth = `${lastMonthDate.slice(0, 7)}-01`;

/** The posted lines of the entries a document caused, as [account code, debit, credit]. */
async function postings(sourceType: string, sourceId: string): Promise<string[][]> {
  const t = (table: string) => sql.identifier([schemaName, table]);
  const rows = await api.db.pool.any(sql.type(z.object({ code: z.string(), debit: z.string(), credit: z.string() }))`
    SELECT a.code, l.debit::text AS debit, l.credit::text AS credit
    FROM ${t("journal_entries")} e JOIN ${t("journal_lines")} l ON l.journal_entry_id = e.id
    JOIN ${t("chart_of_accounts")} a ON a.id = l.account_id
    WHERE e.source_type = ${sourceType} AND e.source_id = ${sourceId} AND e.status = 'posted'
    ORDER BY e.entry_number, l.line_number`);
  return rows.map((row) => [row.code, row.debit, row.credit]);
}

let channelId: string;
let dealerId: string;
let customerId: string;
let lampId: string;
let cableId: string;
let categoryId: string;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("channels", "professional");
  other = await api.provision("channelsb", "professional");
  client = tenant.client;
  schemaName = tenantNames(tenant.slug).schemaName;
  const warehouse = await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true });
  const category = await client.catalog.categories.create.mutate({ slug: "lamps", name: "Lamps" });
  categoryId = category.id;
  const lamp = await client.catalog.products.create.mutate({
    sku: "LAMP",
    name: "Lamp",
    base_price: "100",
    status: "active",
    category_id: categoryId,
  });
  const cable = await client.catalog.products.create.mutate({ sku: "CABLE", name: "Cable", base_price: "50", status: "active" });
  lampId = lamp.id;
  cableId = cable.id;
  await client.inventory.stock.receive.mutate({ product_id: lampId, warehouse_id: warehouse.id, quantity: 40, unit_cost: "10" });
  await client.inventory.stock.receive.mutate({ product_id: cableId, warehouse_id: warehouse.id, quantity: 40, unit_cost: "5" });
  const customer = await client.sales.customers.create.mutate({ name: "Dealer North", email: "north@dealer.test" });
  customerId = customer.id;
  const channel = await client.channels.channels.create.mutate({ code: "DEALER", name: "Dealers", kind: "dealer" });
  channelId = channel.id;
  const dealer = await client.channels.dealers.create.mutate({
    channel_id: channelId,
    dealer_code: "D1",
    name: "North",
    email: "north@d.test",
    customer_id: customerId,
  });
  dealerId = dealer.id;
});
afterAll(async () => api?.close());

/** A confirmed, fully shipped and invoiced order of the dealer's customer. */
async function invoicedOrder(lines: { product_id: string; quantity: number }[], invoiceDate?: string) {
  const order = await client.sales.orders.create.mutate({ customer_id: customerId, lines });
  await client.sales.orders.confirm.mutate({ id: order.id });
  await client.sales.shipments.create.mutate({ order_id: order.id });
  const invoice = await client.sales.invoices.create.mutate({ order_id: order.id, invoice_date: invoiceDate });
  return { order, invoice };
}

describe("partner lifecycles", () => {
  test("dealers move along their lifecycle; a move it forbids is refused by the database", async () => {
    const dealer = await client.channels.dealers.create.mutate({
      channel_id: channelId,
      dealer_code: "D9",
      name: "Gone",
      email: "gone@d.test",
    });
    expect((await client.channels.dealers.setStatus.mutate({ id: dealer.id, status: "on_hold" })).status).toBe("on_hold");
    expect((await client.channels.dealers.setStatus.mutate({ id: dealer.id, status: "active" })).status).toBe("active");
    expect((await client.channels.dealers.setStatus.mutate({ id: dealer.id, status: "terminated" })).status).toBe("terminated");
    const message = await expectCode(client.channels.dealers.setStatus.mutate({ id: dealer.id, status: "active" }), "BAD_REQUEST");
    expect(message).toMatch(/cannot move from terminated to active/);
    // The plain update goes through the same trigger.
    const viaUpdate = await expectCode(
      client.channels.dealers.update.mutate({ id: dealer.id, patch: { status: "prospect" } }),
      "BAD_REQUEST",
    );
    expect(viaUpdate).toMatch(/cannot move from terminated to prospect/);
  });

  test("franchisees, community partners and channels have lifecycles of their own", async () => {
    const franchisee = await client.channels.franchisees.create.mutate({
      franchise_code: "F1",
      name: "Franchise one",
      territory: "North",
      agreement_start: "2026-01-01",
      status: "prospect",
    });
    await expectCode(client.channels.franchisees.setStatus.mutate({ id: franchisee.id, status: "expired" }), "BAD_REQUEST");
    expect((await client.channels.franchisees.setStatus.mutate({ id: franchisee.id, status: "active" })).status).toBe("active");
    expect((await client.channels.franchisees.setStatus.mutate({ id: franchisee.id, status: "expired" })).status).toBe("expired");
    const partner = await client.channels.communityPartners.create.mutate({ partner_code: "CP1", name: "Ann", status: "pending" });
    await expectCode(client.channels.communityPartners.setStatus.mutate({ id: partner.id, status: "suspended" }), "BAD_REQUEST");
    expect((await client.channels.communityPartners.setStatus.mutate({ id: partner.id, status: "active" })).status).toBe("active");
    const channel = await client.channels.channels.create.mutate({ code: "OLD", name: "Old shop" });
    await client.channels.channels.setStatus.mutate({ id: channel.id, status: "archived" });
    await expectCode(client.channels.channels.setStatus.mutate({ id: channel.id, status: "active" }), "BAD_REQUEST");
  });
});

describe("commissions", () => {
  let firstOrderId: string;
  let firstInvoice: Awaited<ReturnType<typeof invoicedOrder>>["invoice"];
  let lastMonthRunId: string;

  test("rules by channel, partner, category and volume tier", async () => {
    await client.channels.commissionRules.create.mutate({ channel_id: channelId, rate: "5" });
    await client.channels.commissionRules.create.mutate({
      channel_id: channelId,
      dealer_id: dealerId,
      category_id: categoryId,
      rate: "10",
    });
    await client.channels.commissionRules.create.mutate({
      channel_id: channelId,
      dealer_id: dealerId,
      category_id: categoryId,
      min_volume: "1000",
      rate: "12",
    });
    await expectCode(client.channels.commissionRules.create.mutate({ channel_id: channelId, rate: "5" }), "CONFLICT");
    await expectCode(client.channels.commissionRules.create.mutate({ channel_id: channelId, rate: "101" }), "BAD_REQUEST");
    const rules = await client.channels.commissionRules.list.query({ channel_id: channelId });
    expect(rules.items).toHaveLength(3);
  });

  test("a run computes the month's commission from invoiced orders; a second run changes nothing", async () => {
    const { order, invoice } = await invoicedOrder(
      [
        { product_id: lampId, quantity: 2 },
        { product_id: cableId, quantity: 1 },
      ],
      lastMonthDate,
    );
    firstOrderId = order.id;
    firstInvoice = invoice;
    // Not attributed yet: nothing to commission.
    expect(await client.channels.commissionRuns.run.mutate({ period: lastMonth })).toEqual([]);
    await client.channels.attribution.set.mutate({ order_id: order.id, channel_id: channelId, dealer_id: dealerId });
    expect((await client.channels.attribution.get.query({ order_id: order.id })).dealer_id).toBe(dealerId);

    const [run, ...more] = await client.channels.commissionRuns.run.mutate({ period: lastMonth });
    expect(more).toEqual([]);
    expect(run).toMatchObject({ dealer_id: dealerId, status: "draft", volume: "250.0000", earned: "22.5000", net_amount: "22.5000" });
    lastMonthRunId = run?.id ?? "";
    const detail = await client.channels.commissionRuns.get.query({ id: lastMonthRunId });
    expect(detail.lines.map((line) => [line.category_id, line.base_amount, line.rate, line.amount]).sort()).toEqual(
      [
        [categoryId, "200.0000", "10.0000", "20.0000"],
        [null, "50.0000", "5.0000", "2.5000"],
      ].sort(),
    );

    const again = await client.channels.commissionRuns.run.mutate({ period: lastMonth });
    expect(again).toEqual([run]);
    expect((await client.channels.commissionRuns.get.query({ id: lastMonthRunId })).lines).toEqual(detail.lines);
    // The current month catches up nothing: the invoice is in last month's run.
    expect(await client.channels.commissionRuns.run.mutate({ period: thisMonth })).toEqual([]);
    await expectCode(client.channels.commissionRuns.run.mutate({ period: "2999-01-01" }), "BAD_REQUEST");
    await expectCode(client.channels.commissionRuns.run.mutate({ period: "2026-01-15" }), "BAD_REQUEST");
  });

  test("approval posts commission expense against commissions payable and freezes the run", async () => {
    const approved = await client.channels.commissionRuns.approve.mutate({ id: lastMonthRunId });
    expect(approved.status).toBe("approved");
    expect(await postings("commission_run", lastMonthRunId)).toEqual([
      ["6300", "22.5000", "0.0000"],
      ["2200", "0.0000", "22.5000"],
    ]);
    await expectCode(client.channels.commissionRuns.approve.mutate({ id: lastMonthRunId }), "CONFLICT");
    // A rerun of the approved period changes nothing.
    expect(await client.channels.commissionRuns.run.mutate({ period: lastMonth })).toEqual([
      await client.channels.commissionRuns.get.query({ id: lastMonthRunId }).then(({ lines: _lines, ...run }) => run),
    ]);
    // The database itself refuses to edit the approved run or its lines.
    const t = (table: string) => sql.identifier([schemaName, table]);
    await expect(
      api.db.pool.query(sql.unsafe`UPDATE ${t("commission_runs")} SET earned = 0, net_amount = 0 WHERE id = ${lastMonthRunId}`),
    ).rejects.toThrow(/approved and cannot be changed/);
    await expect(
      api.db.pool.query(sql.unsafe`DELETE FROM ${t("commission_run_lines")} WHERE commission_run_id = ${lastMonthRunId}`),
    ).rejects.toThrow(/approved commission run cannot be changed/);
    // The order's attribution is fixed once commissioned.
    await expectCode(client.channels.attribution.set.mutate({ order_id: firstOrderId, channel_id: channelId }), "BAD_REQUEST");
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a credit note claws back in the next run at the rate earned; a higher tier applies to a bigger month", async () => {
    const lampLine = firstInvoice.lines.find((line) => line.product_id === lampId);
    await client.sales.creditNotes.create.mutate({
      invoice_id: firstInvoice.id,
      lines: [{ invoice_item_id: lampLine?.id ?? "", quantity: "1" }],
      reason: "Returned",
    });
    const { order } = await invoicedOrder([{ product_id: lampId, quantity: 12 }]);
    await client.channels.attribution.set.mutate({ order_id: order.id, channel_id: channelId, dealer_id: dealerId });

    const [run] = await client.channels.commissionRuns.run.mutate({ period: thisMonth });
    // Volume 1,200 − 100 credited = 1,100 reaches the 12 % tier for the new invoice; the clawback keeps 10 %.
    expect(run).toMatchObject({ volume: "1100.0000", earned: "144.0000", clawed_back: "10.0000", net_amount: "134.0000" });
    const lines = (await client.channels.commissionRuns.get.query({ id: run?.id ?? "" })).lines;
    expect(lines.map((line) => [line.kind, line.base_amount, line.rate, line.amount]).sort()).toEqual(
      [
        ["clawback", "-100.0000", "10.0000", "-10.0000"],
        ["earned", "1200.0000", "12.0000", "144.0000"],
      ].sort(),
    );
    await client.channels.commissionRuns.approve.mutate({ id: run?.id ?? "" });
    expect(await postings("commission_run", run?.id ?? "")).toEqual([
      ["6300", "134.0000", "0.0000"],
      ["2200", "0.0000", "134.0000"],
    ]);
    // Credited again after approval: waits for the next run (nothing changes in this one).
    expect(await client.channels.commissionRuns.run.mutate({ period: thisMonth })).toEqual([
      expect.objectContaining({ id: run?.id, net_amount: "134.0000" }),
    ]);
    const listed = await client.channels.commissionRuns.list.query({ status: "approved" });
    expect(listed.items.map((item) => item.id)).toEqual([lastMonthRunId, run?.id]);
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("commission payouts", () => {
  let payoutId: string;

  test("a partner is paid out of what approved runs made payable: Dr commissions payable / Cr bank, numbered", async () => {
    // Approved runs: 22.50 last month, 134.00 this month.
    expect(await client.channels.commissionPayouts.balance.query({ dealer_id: dealerId })).toMatchObject({
      beneficiary_type: "dealer",
      partner_id: dealerId,
      approved: "156.5000",
      paid: "0.0000",
      open: "156.5000",
    });
    const payout = await client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "100", reference: "Wire 1" });
    payoutId = payout.id;
    expect(payout).toMatchObject({ payout_number: "CP-000001", status: "paid", amount: "100.0000", dealer_id: dealerId });
    expect(payout.period_start).toBe(lastMonth);
    expect(await postings("commission_payout", payout.id)).toEqual([
      ["2200", "100.0000", "0.0000"],
      ["1010", "0.0000", "100.0000"],
    ]);
    expect(await client.channels.commissionPayouts.get.query({ id: payout.id })).toEqual(payout);
    expect((await client.channels.commissionPayouts.balance.query({ dealer_id: dealerId })).open).toBe("56.5000");
    const message = await expectCode(client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "60" }), "CONFLICT");
    expect(message).toMatch(/North has 56.5000 commission payable: a payout of 60.0000 exceeds it/);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("two concurrent payouts of the same open amount: one is paid, the other answers CONFLICT", async () => {
    const results = await Promise.allSettled([
      client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "56.5" }),
      client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "56.5" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    await expectCode(rejected?.status === "rejected" ? Promise.reject(rejected.reason) : Promise.resolve(), "CONFLICT");
    expect(await client.channels.commissionPayouts.balance.query({ dealer_id: dealerId })).toMatchObject({
      paid: "156.5000",
      open: "0.0000",
    });
    const listed = await client.channels.commissionPayouts.list.query({ dealer_id: dealerId });
    expect(listed.items.map((item) => item.payout_number)).toEqual(["CP-000001", "CP-000002"]);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("the database refuses a payout beyond what is payable and any change to a payout", async () => {
    const t = (table: string) => sql.identifier([schemaName, table]);
    await expect(
      api.db.pool.query(sql.unsafe`
        INSERT INTO ${t("commission_payouts")} (payout_number, beneficiary_type, dealer_id, period_start, period_end, amount, status, paid_at)
        VALUES ('X-1', 'dealer', ${dealerId}, '2026-01-01', '2026-01-31', 1, 'paid', now())`),
    ).rejects.toThrow(/commission payable: a payout of 1.0000 exceeds it/);
    await expect(api.db.pool.query(sql.unsafe`UPDATE ${t("commission_payouts")} SET amount = 1 WHERE id = ${payoutId}`)).rejects.toThrow(
      /paid and cannot be changed/,
    );
    await expect(api.db.pool.query(sql.unsafe`DELETE FROM ${t("commission_payouts")} WHERE id = ${payoutId}`)).rejects.toThrow(
      /paid and cannot be changed/,
    );
  });

  test("bad input: no partner or two, nothing to pay, unknown partner or bank account", async () => {
    await expectCode(client.channels.commissionPayouts.create.mutate({ amount: "1" }), "BAD_REQUEST");
    const franchiseeId = (await client.channels.franchisees.list.query({})).items[0]?.id ?? "";
    await expectCode(
      client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, franchisee_id: franchiseeId, amount: "1" }),
      "BAD_REQUEST",
    );
    await expectCode(client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "0" }), "BAD_REQUEST");
    await expectCode(client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "-5" }), "BAD_REQUEST");
    await expectCode(client.channels.commissionPayouts.create.mutate({ dealer_id: customerId, amount: "1" }), "NOT_FOUND");
    await expectCode(
      client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "1", bank_account_id: customerId }),
      "NOT_FOUND",
    );
    // A partner with nothing approved has nothing payable.
    await expectCode(client.channels.commissionPayouts.create.mutate({ franchisee_id: franchiseeId, amount: "1" }), "CONFLICT");
    await expectCode(client.channels.commissionPayouts.get.query({ id: customerId }), "NOT_FOUND");
  });
});

describe("gates", () => {
  test("a growth tenant is refused the module", async () => {
    const growth = await api.provision("channelsg", "growth");
    await expectCode(growth.client.channels.commissionRuns.list.query({}), "FORBIDDEN");
    await expectCode(growth.client.channels.commissionRuns.run.mutate({ period: thisMonth }), "FORBIDDEN");
    await expectCode(growth.client.channels.attribution.get.query({ order_id: customerId }), "FORBIDDEN");
    await expectCode(growth.client.channels.franchisees.list.query({}), "FORBIDDEN");
    await expectCode(growth.client.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "1" }), "FORBIDDEN");
    await expectCode(growth.client.channels.commissionPayouts.list.query({}), "FORBIDDEN");
    await expectCode(growth.client.channels.commissionPayouts.balance.query({ dealer_id: dealerId }), "FORBIDDEN");
  });

  test("another tenant cannot read or change any of it by id", async () => {
    const b = other.client;
    const runs = await client.channels.commissionRuns.list.query({});
    const runId = runs.items[0]?.id ?? "";
    const rules = await client.channels.commissionRules.list.query({});
    const ruleId = rules.items[0]?.id ?? "";
    const orderId = (await client.sales.orders.list.query({})).items[0]?.id ?? "";
    const franchiseeId = (await client.channels.franchisees.list.query({})).items[0]?.id ?? "";
    const partnerId = (await client.channels.communityPartners.list.query({})).items[0]?.id ?? "";
    await expectCode(b.channels.commissionRuns.get.query({ id: runId }), "NOT_FOUND");
    await expectCode(b.channels.commissionRuns.approve.mutate({ id: runId }), "NOT_FOUND");
    await expectCode(b.channels.commissionRules.get.query({ id: ruleId }), "NOT_FOUND");
    await expectCode(b.channels.commissionRules.retire.mutate({ id: ruleId }), "NOT_FOUND");
    await expectCode(b.channels.attribution.get.query({ order_id: orderId }), "NOT_FOUND");
    await expectCode(b.channels.attribution.set.mutate({ order_id: orderId, channel_id: channelId }), "NOT_FOUND");
    await expectCode(b.channels.dealers.setStatus.mutate({ id: dealerId, status: "on_hold" }), "NOT_FOUND");
    await expectCode(b.channels.channels.setStatus.mutate({ id: channelId, status: "inactive" }), "NOT_FOUND");
    await expectCode(b.channels.franchisees.get.query({ id: franchiseeId }), "NOT_FOUND");
    await expectCode(b.channels.franchisees.setStatus.mutate({ id: franchiseeId, status: "suspended" }), "NOT_FOUND");
    await expectCode(b.channels.communityPartners.get.query({ id: partnerId }), "NOT_FOUND");
    await expectCode(b.channels.communityPartners.setStatus.mutate({ id: partnerId, status: "suspended" }), "NOT_FOUND");
    const payoutId = (await client.channels.commissionPayouts.list.query({})).items[0]?.id ?? "";
    await expectCode(b.channels.commissionPayouts.get.query({ id: payoutId }), "NOT_FOUND");
    await expectCode(b.channels.commissionPayouts.create.mutate({ dealer_id: dealerId, amount: "1" }), "NOT_FOUND");
    await expectCode(b.channels.commissionPayouts.balance.query({ dealer_id: dealerId }), "NOT_FOUND");
    expect((await b.channels.commissionPayouts.list.query({ dealer_id: dealerId })).items).toEqual([]);
    expect(await b.channels.commissionRuns.run.mutate({ period: thisMonth })).toEqual([]);
    expect((await b.channels.commissionRuns.list.query({})).items).toEqual([]);
    expect((await b.channels.commissionRules.list.query({})).items).toEqual([]);
  });
});
