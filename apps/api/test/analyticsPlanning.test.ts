import type { ErpClient } from "@erp/client";
import { planning } from "@erp/erp";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectStockRulesHold } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { expectDatabaseRefusal, setVendorPrice, tenantTable } from "./support/procurement.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Analytics planning (docs/modules/analytics-planning.md): the forecasting methods on fixed series,
 * forecasts from real orders, demand plans netted against stock and open purchase orders, scenarios
 * compared side by side; the tier gate, other tenants' ids, bad input and the database's rules.
 */

// ---- The methods, as pure functions on fixed series ----

const season = [5, -3, 2, 0, -4, 0, 1, -1, 3, -2, 0, -1];
/** 100 + 2t plus a yearly season: a history of exactly trend + season. */
const trendAndSeason = (t: number) => 100 + 2 * t + (season[t % 12] as number);
const quantities = (outcome: planning.ForecastOutcome) => outcome.points.map((point) => point.quantity);

describe("forecasting methods", () => {
  test("seasonal (SARIMA airline model) continues a monthly trend + season exactly", () => {
    const history = Array.from({ length: 40 }, (_, t) => trendAndSeason(t));
    const outcome = planning.forecastSeries(history, 12, "month", "auto");
    expect(outcome.method).toBe("seasonal");
    expect(quantities(outcome)).toEqual(Array.from({ length: 12 }, (_, h) => `${trendAndSeason(40 + h)}.0000`));
    // 40 + 0 … 40 + 11 → 176 182 185 185 191 188 192 193 201 195 202 202.
    expect(quantities(outcome).slice(0, 3)).toEqual(["176.0000", "182.0000", "185.0000"]);
    // A perfect fit has no error: the 95 % interval closes on the forecast.
    expect(outcome.points[0]).toEqual({ quantity: "176.0000", lower: "176.0000", upper: "176.0000" });
  });

  test("seasonal also works by week (52-week season) once 157 weeks are known", () => {
    const weekly = (t: number) => 50 + t + (t % 52 < 26 ? 10 : 0);
    const history = Array.from({ length: 157 }, (_, t) => weekly(t));
    const outcome = planning.forecastSeries(history, 4, "week", "seasonal");
    expect(outcome.method).toBe("seasonal");
    expect(quantities(outcome)).toEqual([157, 158, 159, 160].map((t) => `${weekly(t)}.0000`));
    expect(planning.forecastSeries(history.slice(1), 4, "week", "seasonal").method).toBe("exponential_smoothing");
  });

  test("a falling trend is cut at 0: demand is never negative", () => {
    const falling = (t: number) => 85 - 2 * t + (season[t % 12] as number);
    const outcome = planning.forecastSeries(
      Array.from({ length: 40 }, (_, t) => falling(t)),
      12,
      "month",
      "auto",
    );
    expect(outcome.method).toBe("seasonal");
    // t = 40 … 44: 1, 3, 2, −2 → 0, 0.
    expect(quantities(outcome)).toEqual(Array.from({ length: 12 }, (_, h) => `${Math.max(0, falling(40 + h))}.0000`));
    expect(quantities(outcome).slice(0, 5)).toEqual(["1.0000", "3.0000", "2.0000", "0.0000", "0.0000"]);
  });

  test("exponential smoothing (ARIMA(0,1,1)) from 11 periods: flat, at the level of a constant history", () => {
    const outcome = planning.forecastSeries(Array(11).fill(7), 3, "month", "auto");
    expect(outcome.method).toBe("exponential_smoothing");
    expect(quantities(outcome)).toEqual(["7.0000", "7.0000", "7.0000"]);
    const noisy = planning.forecastSeries([3, 7, 2, 9, 4, 4, 8, 1, 0, 6, 5, 2, 7], 3, "week", "auto");
    expect(noisy.method).toBe("exponential_smoothing");
    expect(new Set(quantities(noisy)).size).toBe(1);
  });

  test("the moving average of the last 3 periods below 11 periods; nothing sold gives 0", () => {
    expect(planning.forecastSeries([1, 2, 3, 4, 5], 2, "month", "auto")).toEqual({
      method: "moving_average",
      points: [
        { quantity: "4.0000", lower: null, upper: null },
        { quantity: "4.0000", lower: null, upper: null },
      ],
    });
    expect(quantities(planning.forecastSeries([2, 4], 1, "month", "auto"))).toEqual(["3.0000"]);
    expect(quantities(planning.forecastSeries([10, 0, 0], 1, "week", "auto"))).toEqual(["3.3333"]);
    // Periods before the first sale are not history: [0, 0, 6] is a history of one period.
    expect(quantities(planning.forecastSeries([0, 0, 6], 1, "month", "auto"))).toEqual(["6.0000"]);
    expect(planning.forecastSeries([], 2, "month", "auto").method).toBe("no_history");
    expect(quantities(planning.forecastSeries([0, 0, 0], 2, "month", "auto"))).toEqual(["0.0000", "0.0000"]);
  });

  test("a method asked for caps where the fall-back starts", () => {
    const long = Array.from({ length: 40 }, (_, t) => trendAndSeason(t));
    expect(planning.forecastSeries(long, 1, "month", "exponential_smoothing").method).toBe("exponential_smoothing");
    expect(planning.forecastSeries(long, 1, "month", "moving_average")).toEqual({
      method: "moving_average",
      // (171 + 178 + 178) / 3 = 175.6667 (4 decimals).
      points: [{ quantity: "175.6667", lower: null, upper: null }],
    });
    expect(planning.forecastSeries(long.slice(0, 36), 1, "month", "seasonal").method).toBe("exponential_smoothing");
    expect(planning.forecastSeries(long.slice(0, 10), 1, "month", "seasonal").method).toBe("moving_average");
  });
});

// ---- Through the API ----

let api: TestApi;
let owner: TestTenant;
let other: TestTenant;
let starter: TestTenant;
let growth: TestTenant;
let client: ErpClient;
const ids = {
  category: "",
  widget: "",
  gadget: "",
  vendor: "",
  customer: "",
  warehouse: "",
  forecast: "",
  plan: "",
  scenario: "",
  scenario2: "",
};
const unknown = "0190a0a0-0000-7000-8000-000000000000";

/** The first day of the month `months` after this one (UTC), as YYYY-MM-DD. */
function monthStart(months: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
}
function lastDay(monthStartDate: string): string {
  const day = new Date(`${monthStartDate}T00:00:00Z`);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
}
function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

beforeAll(async () => {
  api = await startTestApi();
  [owner, other, starter, growth] = await Promise.all([
    api.provision("planner", "professional"),
    api.provision("rival", "professional"),
    api.provision("smallshop"),
    api.provision("midshop", "growth"),
  ]);
  client = owner.client;
  ids.warehouse = (await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main", is_default: true })).id;
  await other.client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main", is_default: true });
  ids.category = (await client.catalog.categories.create.mutate({ slug: "tools", name: "Tools", status: "active" })).id;
  const product = (sku: string, name: string) =>
    client.catalog.products.create.mutate({ sku, name, base_price: "10", cost_price: "4", status: "active", category_id: ids.category });
  ids.widget = (await product("WIDGET", "Widget")).id;
  ids.gadget = (await product("GADGET", "Gadget")).id;
  ids.vendor = (await client.procurement.vendors.create.mutate({ name: "Widgets Ltd", status: "active" })).id;
  await setVendorPrice(api, owner.slug, { vendorId: ids.vendor, productId: ids.widget, lastCost: "4.50" });
  await client.inventory.stock.receive.mutate({ product_id: ids.widget, warehouse_id: ids.warehouse, quantity: 30, unit_cost: "4" });
  ids.customer = (await client.sales.customers.create.mutate({ name: "Buyer", email: "buyer@planner.test" })).id;
  // Sold this month: 2 + 3 + 5 = 10 widgets; a cancelled order of 7 is not demand.
  for (const quantity of [2, 3, 5]) {
    await client.sales.orders.create.mutate({ customer_id: ids.customer, lines: [{ product_id: ids.widget, quantity }] });
  }
  const cancelled = await client.sales.orders.create.mutate({
    customer_id: ids.customer,
    lines: [{ product_id: ids.widget, quantity: 7 }],
  });
  await client.sales.orders.cancel.mutate({ id: cancelled.id });
});
afterAll(async () => api?.close());

describe("forecasts from the orders", () => {
  test("one month of history (10 sold, the cancelled order left out) forecasts its moving average, 10 a month", async () => {
    const run = await client.analytics.forecasts.create.mutate({
      product_id: ids.widget,
      period: "month",
      horizon: 3,
      as_of: monthStart(1),
    });
    ids.forecast = run.id;
    expect([run.period, run.horizon, run.as_of, run.requested_method, run.product_id]).toEqual([
      "month",
      3,
      monthStart(1),
      "auto",
      ids.widget,
    ]);
    expect(run.forecasts).toHaveLength(1);
    const forecast = run.forecasts[0];
    expect([
      forecast?.method,
      forecast?.history_periods,
      forecast?.forecast_quantity,
      forecast?.period_start,
      forecast?.period_end,
    ]).toEqual(["moving_average", 1, "30.0000", monthStart(1), lastDay(monthStart(3))]);
    expect(forecast?.lines.map((line) => [line.bucket_start, line.bucket_end, line.quantity])).toEqual(
      [1, 2, 3].map((months) => [monthStart(months), lastDay(monthStart(months)), "10.0000"]),
    );
    expect(await client.analytics.forecasts.get.query({ id: run.id })).toEqual(run);
    expect((await client.analytics.forecasts.list.query({ product_id: ids.widget })).items.map((item) => item.id)).toContain(run.id);
  });

  test("the current month is not history yet: a forecast as of today has none and forecasts 0", async () => {
    const run = await client.analytics.forecasts.create.mutate({ product_id: ids.widget, period: "month", horizon: 2 });
    expect(run.forecasts.map((forecast) => [forecast.method, forecast.history_periods, forecast.forecast_quantity])).toEqual([
      ["no_history", 0, "0.0000"],
    ]);
  });

  test("twelve weeks of history: exponential smoothing, the stored lines equal the method on the real history", async () => {
    const run = await client.analytics.forecasts.create.mutate({
      product_id: ids.widget,
      period: "week",
      horizon: 4,
      as_of: daysFromToday(7 * 12),
    });
    const expected = planning.forecastSeries([10, ...Array(11).fill(0)], 4, "week", "auto");
    const forecast = run.forecasts[0];
    expect([forecast?.method, forecast?.history_periods]).toEqual(["exponential_smoothing", 12]);
    expect(forecast?.lines.map((line) => [line.quantity, line.lower_bound, line.upper_bound])).toEqual(
      expected.points.map((point) => [point.quantity, point.lower, point.upper]),
    );
  });

  test("37 months of history: the seasonal model, equal to the method on the real history", async () => {
    const run = await client.analytics.forecasts.create.mutate({
      product_id: ids.widget,
      period: "month",
      horizon: 6,
      as_of: monthStart(37),
    });
    const expected = planning.forecastSeries([10, ...Array(36).fill(0)], 6, "month", "auto");
    expect(expected.method).toBe("seasonal");
    const forecast = run.forecasts[0];
    expect([forecast?.method, forecast?.history_periods]).toEqual(["seasonal", 37]);
    expect(forecast?.lines.map((line) => line.quantity)).toEqual(quantities(expected));
    // Asked for the moving average, the same history gives it (and says so).
    const capped = await client.analytics.forecasts.create.mutate({
      product_id: ids.widget,
      period: "month",
      horizon: 1,
      as_of: monthStart(37),
      method: "moving_average",
    });
    expect(capped.forecasts.map((item) => [item.method, item.forecast_quantity])).toEqual([["moving_average", "0.0000"]]);
  });

  test("a category forecasts each of its products; one never sold forecasts 0", async () => {
    const run = await client.analytics.forecasts.create.mutate({
      category_id: ids.category,
      period: "month",
      horizon: 3,
      as_of: monthStart(1),
    });
    const byProduct = Object.fromEntries(
      run.forecasts.map((forecast) => [forecast.product_id, [forecast.method, forecast.forecast_quantity]]),
    );
    expect(byProduct).toEqual({ [ids.widget]: ["moving_average", "30.0000"], [ids.gadget]: ["no_history", "0.0000"] });
  });
});

describe("demand plans", () => {
  const lineOf = (plan: { lines: { product_id: string }[] }, productId: string) =>
    plan.lines.find((line) => line.product_id === productId) as planning.DemandPlanWithLines["lines"][number];
  const netting = (line: planning.DemandPlanWithLines["lines"][number]) => [
    line.forecast_quantity,
    line.planned_quantity,
    line.available_quantity,
    line.on_order_quantity,
    line.safety_stock,
    line.suggested_quantity,
  ];

  test("stock, open purchase orders and safety stock reduce the suggestion exactly; approval orders it from the preferred vendor", async () => {
    // 30 received, 10 reserved by the open orders: 20 available. Forecast 30 → buy 10.
    const first = await client.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast });
    expect(first.plan_number).toMatch(/^DP-\d{6}$/);
    expect(netting(lineOf(first, ids.widget))).toEqual(["30.0000", "30.0000", "20.0000", "0.0000", "0.0000", "10.0000"]);
    expect(lineOf(first, ids.widget).vendor_id).toBe(ids.vendor);

    // A purchase order of 8, 3 of them received: 23 available, 5 still on order → 30 − 23 − 5 = 2.
    const order = await client.procurement.purchaseOrders.create.mutate({
      vendor_id: ids.vendor,
      lines: [{ product_id: ids.widget, quantity: 8 }],
    });
    await client.procurement.purchaseOrders.approve.mutate({ id: order.id });
    await client.procurement.goodsReceipts.create.mutate({
      purchase_order_id: order.id,
      lines: [{ purchase_order_item_id: order.lines[0]?.id ?? "", quantity: 3 }],
    });
    const second = await client.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast, name: "Widgets next quarter" });
    expect(netting(lineOf(second, ids.widget))).toEqual(["30.0000", "30.0000", "23.0000", "5.0000", "0.0000", "2.0000"]);

    // A safety stock of 4.5 is bought on top, rounded up to whole units: ⌈30 + 4.5 − 23 − 5⌉ = 7.
    await api.db.pool.query(
      sql.unsafe`UPDATE ${tenantTable(owner.slug, "inventory")} SET safety_stock = 4.5 WHERE product_id = ${ids.widget}`,
    );
    const plan = await client.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast });
    ids.plan = plan.id;
    expect(netting(lineOf(plan, ids.widget))).toEqual(["30.0000", "30.0000", "23.0000", "5.0000", "4.5000", "7.0000"]);
    expect([
      plan.status,
      plan.total_forecast_quantity,
      plan.total_planned_quantity,
      plan.total_suggested_quantity,
      plan.warehouse_id,
    ]).toEqual(["draft", "30.0000", "30.0000", "7.0000", ids.warehouse]);

    const approved = await client.analytics.demandPlans.approve.mutate({ id: plan.id });
    expect(approved.status).toBe("approved");
    expect(approved.purchase_order_ids).toHaveLength(1);
    const purchase = await client.procurement.purchaseOrders.get.query({ id: approved.purchase_order_ids[0] ?? "" });
    expect([purchase.status, purchase.vendor_id, purchase.warehouse_id, purchase.notes]).toEqual([
      "draft",
      ids.vendor,
      ids.warehouse,
      `Demand plan ${plan.plan_number}.`,
    ]);
    expect(purchase.lines.map((line) => [line.product_id, line.quantity_ordered, line.unit_cost])).toEqual([
      [ids.widget, "7.0000", "4.5000"],
    ]);
    expect(lineOf(approved, ids.widget).purchase_order_id).toBe(purchase.id);

    // The plan's own draft order is on order now: nothing more to buy (⌈34.5 − 23 − 12⌉ = 0).
    const after = await client.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast });
    expect(netting(lineOf(after, ids.widget))).toEqual(["30.0000", "30.0000", "23.0000", "12.0000", "4.5000", "0.0000"]);
    expect(await expectCode(client.analytics.demandPlans.approve.mutate({ id: plan.id }), "CONFLICT")).toBe(
      "The demand plan is approved: only a draft plan can be approved.",
    );
    expect((await client.analytics.demandPlans.archive.mutate({ id: after.id })).status).toBe("archived");
    expect((await client.analytics.demandPlans.list.query({ status: "approved" })).items.map((item) => item.id)).toEqual([plan.id]);
    expect(await client.analytics.demandPlans.get.query({ id: plan.id })).toEqual({ ...approved, purchase_order_ids: undefined });
  });

  test("a product without a preferred vendor is planned but not ordered", async () => {
    const run = await client.analytics.forecasts.create.mutate({
      category_id: ids.category,
      period: "month",
      horizon: 1,
      as_of: monthStart(1),
    });
    await api.db.pool.query(
      sql.unsafe`UPDATE ${tenantTable(owner.slug, "inventory")} SET safety_stock = 3 WHERE product_id = ${ids.widget}`,
    );
    const plan = await client.analytics.demandPlans.create.mutate({ forecast_id: run.id });
    const gadget = lineOf(plan, ids.gadget);
    expect([...netting(gadget), gadget.vendor_id]).toEqual(["0.0000", "0.0000", "0.0000", "0.0000", "0.0000", "0.0000", null]);
    const approved = await client.analytics.demandPlans.approve.mutate({ id: plan.id });
    expect(approved.purchase_order_ids).toEqual([]);
    expect(approved.lines.every((line) => line.purchase_order_id === null)).toBe(true);
  });
});

describe("scenarios", () => {
  test("named multipliers over a forecast, compared side by side per period with the base", async () => {
    const run = await client.analytics.forecasts.create.mutate({
      category_id: ids.category,
      period: "month",
      horizon: 2,
      as_of: monthStart(1),
    });
    ids.scenario = (await client.analytics.scenarios.create.mutate({ code: "GROWTH", name: "Demand +10 %" })).id;
    ids.scenario2 = (await client.analytics.scenarios.create.mutate({ code: "SLUMP", name: "Tools halve" })).id;
    expect(
      (
        await client.analytics.scenarios.setMultipliers.mutate({
          id: ids.scenario,
          multipliers: [{ category_id: null, multiplier: "1.1" }],
        })
      ).multipliers.map((row) => [row.category_id, row.multiplier]),
    ).toEqual([[null, "1.1000"]]);
    await client.analytics.scenarios.setMultipliers.mutate({
      id: ids.scenario2,
      multipliers: [{ category_id: ids.category, multiplier: "0.5" }, { multiplier: 2 }],
    });
    const projection = await client.analytics.scenarios.project.mutate({ id: ids.scenario, forecast_id: run.id });
    expect(projection.results.map((row) => [row.product_id, row.baseline_value, row.multiplier, row.projected_value]).sort()).toEqual(
      [
        [ids.gadget, "0.0000", "1.1000", "0.0000"],
        [ids.gadget, "0.0000", "1.1000", "0.0000"],
        [ids.widget, "10.0000", "1.1000", "11.0000"],
        [ids.widget, "10.0000", "1.1000", "11.0000"],
      ].sort(),
    );
    expect(
      await expectCode(
        client.analytics.scenarios.compare.query({ forecast_id: run.id, scenario_ids: [ids.scenario, ids.scenario2] }),
        "BAD_REQUEST",
      ),
    ).toBe("scenario_ids.1: the scenario SLUMP is not applied to this forecast; project it first (analytics.scenarios.project).");
    await client.analytics.scenarios.project.mutate({ id: ids.scenario2, forecast_id: run.id });
    const comparison = await client.analytics.scenarios.compare.query({ forecast_id: run.id, scenario_ids: [ids.scenario, ids.scenario2] });
    expect(comparison.scenarios.map((scenario) => scenario.code)).toEqual(["GROWTH", "SLUMP"]);
    // The widget is a tool: its category's 0.5 wins over the all-products 2.
    expect(comparison.periods).toEqual(
      [1, 2].map((months) => ({
        bucket_start: monthStart(months),
        bucket_end: lastDay(monthStart(months)),
        base_quantity: "10.0000",
        scenario_quantities: ["11.0000", "5.0000"],
      })),
    );

    // A plan of the scenario plans its projection: ⌈22 + 3 − 23 − 12⌉ → 0; of the base: 0 too.
    const plan = await client.analytics.demandPlans.create.mutate({ forecast_id: run.id, scenario_id: ids.scenario });
    expect(plan.lines.find((line) => line.product_id === ids.widget)?.planned_quantity).toBe("22.0000");
    expect(plan.total_planned_quantity).toBe("22.0000");
    expect(
      await expectCode(client.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast, scenario_id: ids.scenario }), "BAD_REQUEST"),
    ).toBe("scenario_id: the scenario GROWTH is not applied to this forecast; project it first (analytics.scenarios.project).");
  });
});

describe("the rules in the database", () => {
  test("quantities, netting, multiplied results and one line per product and period are the database's own rules", async () => {
    const table = (name: string) => tenantTable(owner.slug, name);
    const forecast = (await client.analytics.forecasts.get.query({ id: ids.forecast })).forecasts[0];
    const line = forecast?.lines[0];
    await expectDatabaseRefusal(
      api.db.pool.query(sql.unsafe`UPDATE ${table("forecast_lines")} SET quantity = -1, lower_bound = NULL WHERE id = ${line?.id ?? ""}`),
      "forecast_lines_quantity_check",
    );
    await expectDatabaseRefusal(
      api.db.pool.query(sql.unsafe`
        INSERT INTO ${table("forecast_lines")} (forecast_id, bucket_start, bucket_end, quantity)
        VALUES (${forecast?.id ?? ""}, ${line?.bucket_start ?? ""}, ${line?.bucket_end ?? ""}, 1)`),
      "forecast_lines_forecast_id_bucket_start_key",
    );
    await expectDatabaseRefusal(
      api.db.pool.query(sql.unsafe`
        INSERT INTO ${table("forecasts")} (product_id, period_start, period_end, forecast_quantity, forecast_run_id, history_periods)
        VALUES (${ids.widget}, ${monthStart(1)}, ${lastDay(monthStart(1))}, 1, ${ids.forecast}, 0)`),
      "forecasts_run_product_key",
    );
    await expectDatabaseRefusal(
      api.db.pool.query(
        sql.unsafe`UPDATE ${table("demand_plan_lines")} SET suggested_quantity = suggested_quantity + 1 WHERE demand_plan_id = ${ids.plan}`,
      ),
      "demand_plan_lines_netting",
    );
    await expectDatabaseRefusal(
      api.db.pool.query(
        sql.unsafe`UPDATE ${table("scenario_results")} SET projected_value = projected_value + 1 WHERE scenario_id = ${ids.scenario}`,
      ),
      "scenario_results_multiplied",
    );
    await expectDatabaseRefusal(
      api.db.pool.query(sql.unsafe`UPDATE ${table("scenario_multipliers")} SET multiplier = 0 WHERE scenario_id = ${ids.scenario}`),
      "scenario_multipliers_multiplier_check",
    );
    await expectDatabaseRefusal(
      api.db.pool.query(
        sql.unsafe`INSERT INTO ${table("forecast_runs")} (product_id, period, horizon, as_of) VALUES (${ids.widget}, 'month', 25, current_date)`,
      ),
      "forecast_runs_horizon_limit",
    );
  });

  test("every invariant holds on the tenant", async () => {
    await expectStockRulesHold(api, owner.slug);
  });
});

// ---- Gates and bad input ----

/** Every procedure that names a document of the owner's, called with the owner's ids. */
const byId = (caller: ErpClient): Record<string, () => Promise<unknown>> => ({
  "forecasts.get": () => caller.analytics.forecasts.get.query({ id: ids.forecast }),
  "demandPlans.create": () => caller.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast }),
  "demandPlans.get": () => caller.analytics.demandPlans.get.query({ id: ids.plan }),
  "demandPlans.approve": () => caller.analytics.demandPlans.approve.mutate({ id: ids.plan }),
  "demandPlans.archive": () => caller.analytics.demandPlans.archive.mutate({ id: ids.plan }),
  "scenarios.setMultipliers": () => caller.analytics.scenarios.setMultipliers.mutate({ id: ids.scenario, multipliers: [] }),
  "scenarios.project": () => caller.analytics.scenarios.project.mutate({ id: ids.scenario, forecast_id: ids.forecast }),
  "scenarios.compare": () => caller.analytics.scenarios.compare.query({ forecast_id: ids.forecast, scenario_ids: [ids.scenario] }),
});
const unaddressed = (caller: ErpClient): Record<string, () => Promise<unknown>> => ({
  "forecasts.create": () => caller.analytics.forecasts.create.mutate({ product_id: ids.widget, period: "month", horizon: 1 }),
  "forecasts.list": () => caller.analytics.forecasts.list.query({}),
  "demandPlans.list": () => caller.analytics.demandPlans.list.query({}),
});

describe("gates", () => {
  test("starter and growth tenants get FORBIDDEN from every planning procedure", async () => {
    for (const tenant of [starter, growth]) {
      for (const [name, call] of Object.entries({ ...byId(tenant.client), ...unaddressed(tenant.client) })) {
        const message = await expectCode(call(), "FORBIDDEN");
        expect(message, name).toMatch(/^The analytics module is not part of the (starter|growth) tier/);
      }
    }
  });

  test("another tenant's forecasts, plans and scenarios are NOT_FOUND for every procedure that names one", async () => {
    for (const [name, call] of Object.entries(byId(other.client))) {
      await expect(expectCode(call(), "NOT_FOUND"), name).resolves.toBeTypeOf("string");
    }
    expect((await other.client.analytics.forecasts.list.query({})).items).toEqual([]);
    expect((await other.client.analytics.demandPlans.list.query({})).items).toEqual([]);
  });

  test("approving a plan creates purchase orders: a planner without procurement.write gets FORBIDDEN", async () => {
    const email = "planner@planner.test";
    await client.auth.users.create.mutate({ email, displayName: "Planner", password: "correct horse battery staple", roles: ["staff"] });
    await api.db.pool.query(sql.unsafe`
      INSERT INTO ${tenantTable(owner.slug, "role_permissions")} (role_id, permission_id)
      SELECT r.id, p.id FROM ${tenantTable(owner.slug, "roles")} r, ${tenantTable(owner.slug, "permissions")} p
      WHERE r.key = 'staff' AND p.key IN ('analytics.read', 'analytics.write')
      ON CONFLICT DO NOTHING`);
    const planner = await api.signIn(owner.slug, email, "correct horse battery staple");
    const draft = await planner.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast });
    expect(await expectCode(planner.analytics.demandPlans.approve.mutate({ id: draft.id }), "FORBIDDEN")).toBe(
      "Approving a demand plan creates purchase orders: it needs procurement.write.",
    );
    expect((await client.analytics.demandPlans.get.query({ id: draft.id })).status).toBe("draft");
  });

  test("bad input is BAD_REQUEST naming the field", async () => {
    const create = (input: Parameters<ErpClient["analytics"]["forecasts"]["create"]["mutate"]>[0]) =>
      expectCode(client.analytics.forecasts.create.mutate(input), "BAD_REQUEST");
    expect(await create({ product_id: ids.widget, period: "month", horizon: 0 })).toMatch(/horizon/);
    expect(await create({ product_id: ids.widget, period: "month", horizon: 25 })).toMatch(/horizon: must be at most 24 months/);
    expect(await create({ product_id: ids.widget, period: "week", horizon: 105 })).toMatch(/horizon/);
    expect(await create({ product_id: ids.widget, period: "week", horizon: 1.5 })).toMatch(/horizon/);
    expect(await create({ product_id: unknown, period: "month", horizon: 3 })).toBe("product_id: no product has that id.");
    expect(await create({ category_id: unknown, period: "month", horizon: 3 })).toBe("category_id: no category has that id.");
    expect(await create({ period: "month", horizon: 3 })).toMatch(/product_id/);
    expect(await create({ product_id: ids.widget, category_id: ids.category, period: "month", horizon: 3 })).toMatch(/product_id/);
    expect(await create({ product_id: ids.widget, period: "month", horizon: 3, as_of: "2026-13-01" })).toMatch(/as_of/);
    expect(await create({ product_id: ids.widget, period: "month", horizon: 3, as_of: "1999-12-31" })).toMatch(/as_of/);
    expect(
      await expectCode(
        client.analytics.scenarios.setMultipliers.mutate({ id: ids.scenario, multipliers: [{ category_id: null, multiplier: "0" }] }),
        "BAD_REQUEST",
      ),
    ).toMatch(/multipliers\.0\.multiplier/);
    expect(
      await expectCode(
        client.analytics.scenarios.setMultipliers.mutate({
          id: ids.scenario,
          multipliers: [{ multiplier: "1" }, { category_id: null, multiplier: "2" }],
        }),
        "BAD_REQUEST",
      ),
    ).toBe("multipliers.1.category_id: the scenario already has a multiplier for it.");
    expect(
      await expectCode(
        client.analytics.scenarios.setMultipliers.mutate({ id: ids.scenario, multipliers: [{ category_id: unknown, multiplier: "2" }] }),
        "BAD_REQUEST",
      ),
    ).toBe("multipliers.0.category_id: no category has that id.");
    expect(
      await expectCode(client.analytics.scenarios.compare.query({ forecast_id: ids.forecast, scenario_ids: [] }), "BAD_REQUEST"),
    ).toMatch(/scenario_ids/);
    await expectCode(client.analytics.demandPlans.create.mutate({ forecast_id: unknown }), "NOT_FOUND");
    await expectCode(client.analytics.demandPlans.create.mutate({ forecast_id: ids.forecast, warehouse_id: unknown }), "NOT_FOUND");
  });
});
