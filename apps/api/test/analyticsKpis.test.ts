import type { ErpClient } from "@erp/client";
import { checkInvariants, kpiMetricKeys } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * KPIs over the typed client on a fresh professional tenant, after a known order-to-cash flow
 * (every posting dated today, no tax, no shipping):
 *   stock in:  10 mugs at 5.00 (50.00) and 10 lamps at 12.00 (120.00): inventory 170.00
 *   order:     4 mugs at 12.50 + 1 lamp at 40.00 = 90.00 (Ann); a second order of 1 mug, 12.50 (Bob), not shipped
 *   shipment:  cost of goods sold 4 × 5.00 + 1 × 12.00 = 32.00: inventory 138.00
 *   invoice:   receivable 90.00, revenue 90.00
 *   receipt:   30.00 of it: receivable 60.00
 * The expected figures are worked out here from those, independently of the ledger queries.
 */
let api: TestApi;
let tenant: TestTenant;
let client: ErpClient;
let schemaName: string;
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const monthStart = `${today.slice(0, 7)}-01`;
const daysOfMonth = Number(today.slice(8, 10));
const definitions: Record<string, string> = {};
let channelId: string;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("kpis", "professional");
  client = tenant.client;
  schemaName = tenantNames(tenant.slug).schemaName;
  const warehouse = await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true });
  const mug = await client.catalog.products.create.mutate({ sku: "MUG", name: "Mug", base_price: "12.50", status: "active" });
  const lamp = await client.catalog.products.create.mutate({ sku: "LAMP", name: "Lamp", base_price: "40", status: "active" });
  await client.inventory.stock.receive.mutate({ product_id: mug.id, warehouse_id: warehouse.id, quantity: 10, unit_cost: "5" });
  await client.inventory.stock.receive.mutate({ product_id: lamp.id, warehouse_id: warehouse.id, quantity: 10, unit_cost: "12" });
  const ann = await client.sales.customers.create.mutate({ name: "Ann", email: "ann@kpis.test" });
  const bob = await client.sales.customers.create.mutate({ name: "Bob", email: "bob@kpis.test" });
  const order = await client.sales.orders.create.mutate({
    customer_id: ann.id,
    lines: [
      { product_id: mug.id, quantity: 4 },
      { product_id: lamp.id, quantity: 1 },
    ],
  });
  await client.sales.orders.confirm.mutate({ id: order.id });
  await client.sales.shipments.create.mutate({ order_id: order.id });
  const invoice = await client.sales.invoices.create.mutate({ order_id: order.id });
  expect(invoice.grand_total).toBe("90.0000");
  await client.sales.receipts.create.mutate({ customer_id: ann.id, amount: "30", allocations: [{ invoice_id: invoice.id, amount: "30" }] });
  const second = await client.sales.orders.create.mutate({ customer_id: bob.id, lines: [{ product_id: mug.id, quantity: 1 }] });
  channelId = (await client.channels.channels.create.mutate({ code: "WEB", name: "Web shop" })).id;
  await client.channels.attribution.set.mutate({ order_id: second.id, channel_id: channelId });

  for (const metric of kpiMetricKeys) {
    definitions[metric] = (await client.analytics.kpiDefinitions.create.mutate({ code: metric.toUpperCase(), name: metric, metric })).id;
  }
});
afterAll(async () => api?.close());

const evaluate = (metric: string, period_start = today, period_end = today, channel_id?: string) =>
  client.analytics.kpis.evaluate.mutate({ kpi_definition_id: definitions[metric] ?? "", period_start, period_end, channel_id });

describe("KPIs from the rollups and the ledger", () => {
  test("sales metrics come from the orders placed (both orders), overall and per channel", async () => {
    // 90.00 + 12.50 = 102.50 over 2 orders and 6 units; average 51.25.
    expect((await evaluate("net_revenue")).value).toBe("102.5000");
    expect((await evaluate("orders_count")).value).toBe("2.0000");
    expect((await evaluate("units_sold")).value).toBe("6.0000");
    expect((await evaluate("average_order_value")).value).toBe("51.2500");
    // The web shop has Bob's order only.
    const web = await evaluate("net_revenue", today, today, channelId);
    expect([web.value, web.channel_id]).toEqual(["12.5000", channelId]);
    expect((await evaluate("average_order_value", today, today, channelId)).value).toBe("12.5000");
    // A period without orders measures 0.
    expect((await evaluate("average_order_value", "2020-01-01", "2020-01-31")).value).toBe("0.0000");
  });

  test("stock-turn, receivables and margin KPIs come from the ledger and match the flow's figures", async () => {
    expect((await evaluate("invoiced_revenue")).value).toBe("90.0000");
    expect((await evaluate("cost_of_goods_sold")).value).toBe("32.0000");
    // (90.00 − 32.00) ÷ 90.00 × 100 = 64.4444…
    expect((await evaluate("gross_margin")).value).toBe("64.4444");
    expect((await evaluate("receivables_open")).value).toBe("60.0000");
    expect((await evaluate("inventory_value")).value).toBe("138.0000");
    expect((await evaluate("payables_open")).value).toBe("0.0000");
    // Today only: 60.00 open ÷ 90.00 billed × 1 day = 0.6667; over the month to date × its days.
    expect((await evaluate("days_sales_outstanding")).value).toBe("0.6667");
    expect((await evaluate("days_sales_outstanding", monthStart, today)).value).toBe(((60 * daysOfMonth) / 90).toFixed(4));
    // Inventory 0 at yesterday's close and 138.00 at today's: average 69.00; 32.00 ÷ 69.00 = 0.4638 (0.463768…).
    expect((await evaluate("stock_turn")).value).toBe("0.4638");
    // Before anything was posted every ledger figure is 0.
    expect((await evaluate("receivables_open", "2020-01-01", "2020-01-31")).value).toBe("0.0000");
    expect((await evaluate("stock_turn", "2020-01-01", "2020-01-31")).value).toBe("0.0000");

    // The same figures, straight from the ledger rows by account code (1200 receivable, 1300 inventory, 4000 revenue, 5000 COGS).
    const t = (name: string) => sql.identifier([schemaName, name]);
    const byCode = await api.db.pool.any(sql.type(z.object({ code: z.string(), balance: z.string() }))`
      SELECT a.code, sum(gl.debit - gl.credit)::numeric(18,4)::text AS balance FROM ${t("general_ledger")} gl
      JOIN ${t("chart_of_accounts")} a ON a.id = gl.account_id WHERE a.code IN ('1200', '1300', '4000', '5000') GROUP BY a.code ORDER BY a.code`);
    expect(byCode.map((row) => [row.code, row.balance])).toEqual([
      ["1200", "60.0000"],
      ["1300", "138.0000"],
      ["4000", "-90.0000"],
      ["5000", "32.0000"],
    ]);
    expect((await checkInvariants(api.db.pool, schemaName)).filter((rule) => !rule.ok)).toEqual([]);
  });

  test("evaluating again keeps one value per definition, period and channel; reads return the stored values", async () => {
    const first = await evaluate("receivables_open", monthStart, today);
    const again = await evaluate("receivables_open", monthStart, today);
    expect(again).toEqual(first);
    const stored = await client.analytics.kpis.values.query({ kpi_definition_id: definitions.receivables_open });
    // One for today (previous test), one for January 2020, one for the month to date.
    expect(stored.items.map((row) => [row.period_start, row.period_end, row.value])).toEqual([
      [today, today, "60.0000"],
      ["2020-01-01", "2020-01-31", "0.0000"],
      [monthStart, today, "60.0000"],
    ]);
    const web = await client.analytics.kpis.values.query({ channel_id: channelId });
    expect(web.items.map((row) => row.value)).toEqual(["12.5000", "12.5000"]);
    const window = await client.analytics.kpis.values.query({
      kpi_definition_id: definitions.receivables_open,
      from: "2020-01-01",
      to: "2020-12-31",
    });
    expect(window.items.map((row) => row.period_start)).toEqual(["2020-01-01"]);
    // Pages of one walk all three.
    const firstPage = await client.analytics.kpis.values.query({ kpi_definition_id: definitions.receivables_open, limit: 1 });
    const secondPage = await client.analytics.kpis.values.query({
      kpi_definition_id: definitions.receivables_open,
      limit: 1,
      cursor: firstPage.nextCursor ?? undefined,
    });
    expect(secondPage.items[0]?.period_start).toBe("2020-01-01");

    // A new order changes the value: the same row is updated, and the change is audited.
    const before = await evaluate("orders_count");
    const customer = (await client.sales.customers.list.query({ limit: 1 })).items[0];
    const product = (await client.catalog.products.list.query({ limit: 1 })).items[0];
    await client.sales.orders.create.mutate({ customer_id: customer?.id ?? "", lines: [{ product_id: product?.id ?? "", quantity: 1 }] });
    const after = await evaluate("orders_count");
    expect([after.id, before.value, after.value]).toEqual([before.id, "2.0000", "3.0000"]);
    const actions = await api.db.pool.anyFirst(sql.unsafe`
      SELECT action FROM ${sql.identifier([schemaName, "audit_log"])} WHERE entity = 'kpi_values' AND entity_id = ${after.id} ORDER BY occurred_at, id`);
    expect(actions).toEqual(["create", "update"]);
    expect(await client.analytics.kpis.metrics.query()).toHaveLength(kpiMetricKeys.length);
  });
});

describe("sales targets", () => {
  test("progress sets what was sold in the period and scope against the target", async () => {
    // Today: Ann's 90.00 (5 units), Bob's 12.50 through the web shop (1 unit), Ann's second order 12.50 (1 unit).
    const whole = await client.analytics.salesTargets.create.mutate({
      code: "DAY",
      name: "Today",
      period_start: today,
      period_end: today,
      target_revenue: "230",
      target_units: "14",
      status: "active",
    });
    const progress = await client.analytics.salesTargets.progress.query({ id: whole.id });
    expect([
      progress.actual_revenue,
      progress.actual_units,
      progress.orders_count,
      progress.revenue_percent,
      progress.units_percent,
    ]).toEqual(["115.0000", "7.0000", 3, "50.00", "50.00"]);
    const web = await client.analytics.salesTargets.create.mutate({
      code: "WEB",
      name: "Web shop today",
      period_start: today,
      period_end: today,
      channel_id: channelId,
      target_revenue: "50",
    });
    const webProgress = await client.analytics.salesTargets.progress.query({ id: web.id });
    expect([webProgress.actual_revenue, webProgress.orders_count, webProgress.revenue_percent, webProgress.units_percent]).toEqual([
      "12.5000",
      1,
      "25.00",
      null,
    ]);
    // A period before any order sold nothing.
    const old = await client.analytics.salesTargets.create.mutate({
      code: "OLD",
      name: "2020",
      period_start: "2020-01-01",
      period_end: "2020-12-31",
    });
    const oldProgress = await client.analytics.salesTargets.progress.query({ id: old.id });
    expect([oldProgress.actual_revenue, oldProgress.orders_count, oldProgress.revenue_percent]).toEqual(["0.0000", 0, null]);
    expect((await client.analytics.salesTargets.archive.mutate({ id: old.id })).status).toBe("closed");

    expect(
      await expectCode(
        client.analytics.salesTargets.create.mutate({ code: "BAD", name: "Backwards", period_start: today, period_end: "2020-01-01" }),
        "BAD_REQUEST",
      ),
    ).toMatch(/period_end/);
    const neighbour = await api.provision("targetsb", "professional");
    await expectCode(neighbour.client.analytics.salesTargets.progress.query({ id: whole.id }), "NOT_FOUND");
    await expectCode(neighbour.client.analytics.salesTargets.get.query({ id: whole.id }), "NOT_FOUND");
    await expectCode(neighbour.client.analytics.salesTargets.update.mutate({ id: whole.id, patch: { name: "Mine" } }), "NOT_FOUND");
    const growth = await api.provision("targetsg", "growth");
    await expectCode(growth.client.analytics.salesTargets.progress.query({ id: whole.id }), "FORBIDDEN");
    await expectCode(growth.client.analytics.salesTargets.list.query({}), "FORBIDDEN");
  });
});

describe("failure paths", () => {
  test("an unknown metric, a definition without one, a reversed period, a channel for a ledger metric: BAD_REQUEST naming the field", async () => {
    const unknown = await expectCode(
      client.analytics.kpiDefinitions.create.mutate({ code: "SQL", name: "Client SQL", metric: "select 1" as "net_revenue" }),
      "BAD_REQUEST",
    );
    expect(unknown).toBe(`Invalid input: metric: Invalid option: expected one of ${kpiMetricKeys.map((key) => `"${key}"`).join("|")}.`);
    // The database refuses it too, whoever writes.
    const refused = await api.db.pool
      .query(
        sql.unsafe`INSERT INTO ${sql.identifier([schemaName, "kpi_definitions"])} (code, name, metric) VALUES ('X', 'X', 'revenue_by_sql')`,
      )
      .then(
        () => "written",
        (error: { constraint?: string }) => error.constraint,
      );
    expect(refused).toBe("kpi_definitions_metric_check");

    const bare = await client.analytics.kpiDefinitions.create.mutate({ code: "BARE", name: "No metric" });
    expect(
      await expectCode(
        client.analytics.kpis.evaluate.mutate({ kpi_definition_id: bare.id, period_start: today, period_end: today }),
        "BAD_REQUEST",
      ),
    ).toBe(`kpi_definition_id: the KPI definition BARE names no metric; set its metric to one of ${kpiMetricKeys.join(", ")}.`);
    const retired = await client.analytics.kpiDefinitions.create.mutate({
      code: "OLD",
      name: "Retired",
      metric: "net_revenue",
      is_active: false,
    });
    expect(
      await expectCode(
        client.analytics.kpis.evaluate.mutate({ kpi_definition_id: retired.id, period_start: today, period_end: today }),
        "BAD_REQUEST",
      ),
    ).toBe("kpi_definition_id: the KPI definition OLD is not active.");
    expect(await expectCode(evaluate("net_revenue", today, yesterday), "BAD_REQUEST")).toBe(
      `period_end: must not be before period_start (${today}), got ${yesterday}.`,
    );
    expect(await expectCode(evaluate("stock_turn", today, today, channelId), "BAD_REQUEST")).toBe(
      "channel_id: the metric stock_turn is measured for the whole tenant, not per channel.",
    );
    expect(await expectCode(client.analytics.kpis.values.query({ from: "2026-02-01", to: "2026-01-01" }), "BAD_REQUEST")).toMatch(/^to: /);
    // Updating a definition to an unknown metric is refused as well.
    expect(
      await expectCode(
        client.analytics.kpiDefinitions.update.mutate({ id: bare.id, patch: { metric: "everything" as "net_revenue" } }),
        "BAD_REQUEST",
      ),
    ).toMatch(/^Invalid input: patch\.metric: Invalid option/);
  });

  test("another tenant's definition or channel is NOT_FOUND; starter and growth tenants are FORBIDDEN", async () => {
    const neighbour = await api.provision("kpisb", "professional");
    const own = await neighbour.client.analytics.kpiDefinitions.create.mutate({ code: "REV", name: "Revenue", metric: "net_revenue" });
    await expectCode(
      neighbour.client.analytics.kpis.evaluate.mutate({
        kpi_definition_id: definitions.net_revenue ?? "",
        period_start: today,
        period_end: today,
      }),
      "NOT_FOUND",
    );
    await expectCode(neighbour.client.analytics.kpis.values.query({ kpi_definition_id: definitions.net_revenue ?? "" }), "NOT_FOUND");
    await expectCode(
      neighbour.client.analytics.kpis.evaluate.mutate({
        kpi_definition_id: own.id,
        period_start: today,
        period_end: today,
        channel_id: channelId,
      }),
      "NOT_FOUND",
    );
    expect((await neighbour.client.analytics.kpis.values.query({ channel_id: channelId })).items).toEqual([]);
    // Its own evaluation sees none of this tenant's sales.
    expect(
      (await neighbour.client.analytics.kpis.evaluate.mutate({ kpi_definition_id: own.id, period_start: today, period_end: today })).value,
    ).toBe("0.0000");
    for (const tier of ["starter", "growth"] as const) {
      const other = await api.provision(`kpis${tier}`, tier);
      await expectCode(other.client.analytics.kpis.metrics.query(), "FORBIDDEN");
      await expectCode(other.client.analytics.kpis.values.query({}), "FORBIDDEN");
      await expectCode(
        other.client.analytics.kpis.evaluate.mutate({
          kpi_definition_id: definitions.net_revenue ?? "",
          period_start: today,
          period_end: today,
        }),
        "FORBIDDEN",
      );
    }
  });
});
