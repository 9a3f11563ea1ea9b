import type { ErpClient } from "@erp/client";
import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Sales rollups over the typed client on a fresh professional tenant: orders placed, attributed to
 * channels (and re-attributed), cancelled; the reads by day and month per dimension, the top
 * products and customers, and the set-based refresh (idempotent; it repairs days whose orders were
 * moved behind the operations' back). Every figure is computed by hand in the comments.
 *
 * The shop: a mug at 12.50 (category Cups) and a lamp at 40.00 (category Lights), no tax, no
 * discounts, so net revenue = gross = quantity × price. Two customers, Ann and Bob.
 *   O1: Ann, 2 mugs = 25.00           channel WEB, then DEALER
 *   O2: Bob, 3 mugs + 1 lamp = 77.50  channel DEALER
 *   O3: Ann, 1 lamp = 40.00           no channel; cancelled later
 */
let api: TestApi;
let tenant: TestTenant;
let client: ErpClient;
let schemaName: string;
const ids = { mug: "", lamp: "", cups: "", lights: "", ann: "", bob: "", web: "", dealer: "", o1: "", o2: "", o3: "" };
const today = new Date().toISOString().slice(0, 10);
// Where the refresh test moves its orders: two past days in consecutive months, within the last
// year (a refresh covers at most 366 days), so the test holds whatever today is.
const monthOf = (monthsBack: number) => {
  const day = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  day.setUTCMonth(day.getUTCMonth() - monthsBack);
  return day.toISOString().slice(0, 10);
};
const firstMonth = monthOf(3);
const secondMonth = monthOf(2);
const dayA = `${firstMonth.slice(0, 8)}15`;
const dayB = `${secondMonth.slice(0, 8)}03`;
/** From the first month the test moves orders to, to today. */
const span = { from: firstMonth, to: today };

const failedRules = async () =>
  (await checkInvariants(api.db.pool, schemaName)).filter((result) => !result.ok).map((result) => result.name);
const zero = { inserted: 0, updated: 0, deleted: 0 };

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("rollups", "professional");
  client = tenant.client;
  schemaName = tenantNames(tenant.slug).schemaName;
  const warehouse = await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true });
  ids.cups = (await client.catalog.categories.create.mutate({ slug: "cups", name: "Cups" })).id;
  ids.lights = (await client.catalog.categories.create.mutate({ slug: "lights", name: "Lights" })).id;
  ids.mug = (
    await client.catalog.products.create.mutate({ sku: "MUG", name: "Mug", base_price: "12.50", status: "active", category_id: ids.cups })
  ).id;
  ids.lamp = (
    await client.catalog.products.create.mutate({ sku: "LAMP", name: "Lamp", base_price: "40", status: "active", category_id: ids.lights })
  ).id;
  for (const productId of [ids.mug, ids.lamp]) {
    await client.inventory.stock.receive.mutate({ product_id: productId, warehouse_id: warehouse.id, quantity: 20, unit_cost: "5" });
  }
  ids.ann = (await client.sales.customers.create.mutate({ name: "Ann", email: "ann@rollups.test" })).id;
  ids.bob = (await client.sales.customers.create.mutate({ name: "Bob", email: "bob@rollups.test" })).id;
  ids.web = (await client.channels.channels.create.mutate({ code: "WEB", name: "Web shop" })).id;
  ids.dealer = (await client.channels.channels.create.mutate({ code: "DEALER", name: "Dealers", kind: "dealer" })).id;
});
afterAll(async () => api?.close());

describe("sales rollups", () => {
  test("orders placed and attributed move the day's rows by total, channel, product, category and customer", async () => {
    ids.o1 = (await client.sales.orders.create.mutate({ customer_id: ids.ann, lines: [{ product_id: ids.mug, quantity: 2 }] })).id;
    await client.channels.attribution.set.mutate({ order_id: ids.o1, channel_id: ids.web });
    ids.o2 = (
      await client.sales.orders.create.mutate({
        customer_id: ids.bob,
        lines: [
          { product_id: ids.mug, quantity: 3 },
          { product_id: ids.lamp, quantity: 1 },
        ],
      })
    ).id;
    await client.channels.attribution.set.mutate({ order_id: ids.o2, channel_id: ids.dealer });
    ids.o3 = (await client.sales.orders.create.mutate({ customer_id: ids.ann, lines: [{ product_id: ids.lamp, quantity: 1 }] })).id;
    const range = { from: today, to: today };

    // 3 orders, 2 + 4 + 1 = 7 units, 25.00 + 77.50 + 40.00 = 142.50.
    expect((await client.analytics.rollups.sales.query({ ...range, dimension: "total" })).items).toEqual([
      {
        period: today,
        key: null,
        label: null,
        orders_count: 3,
        units_sold: "7.0000",
        gross_revenue: "142.5000",
        discounts: "0.0000",
        net_revenue: "142.5000",
      },
    ]);
    const byChannel = async () =>
      (await client.analytics.rollups.sales.query({ ...range, dimension: "channel" })).items.map((row) => [
        row.label,
        row.orders_count,
        row.net_revenue,
      ]);
    // O3 has no channel: the channels add up to the attributed orders only (keys in id order: the web shop was created first).
    expect(await byChannel()).toEqual([
      ["Web shop", 1, "25.0000"],
      ["Dealers", 1, "77.5000"],
    ]);
    // Re-attributed: O1 leaves the web shop (its row goes) and joins the dealers.
    await client.channels.attribution.set.mutate({ order_id: ids.o1, channel_id: ids.dealer });
    expect(await byChannel()).toEqual([["Dealers", 2, "102.5000"]]);
    // Setting the same channel again moves nothing.
    await client.channels.attribution.set.mutate({ order_id: ids.o1, channel_id: ids.dealer });
    expect(await byChannel()).toEqual([["Dealers", 2, "102.5000"]]);

    const rows = async (dimension: "product" | "category" | "customer") =>
      (await client.analytics.rollups.sales.query({ ...range, dimension, limit: 100 })).items
        .map((row) => [row.label, row.orders_count, row.units_sold, row.net_revenue])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    // Mug: O1 2 + O2 3 = 5 units, 62.50; lamp: O2 1 + O3 1 = 2 units, 80.00.
    expect(await rows("product")).toEqual([
      ["LAMP Lamp", 2, "2.0000", "80.0000"],
      ["MUG Mug", 2, "5.0000", "62.5000"],
    ]);
    expect(await rows("category")).toEqual([
      ["Cups", null, "5.0000", "62.5000"],
      ["Lights", null, "2.0000", "80.0000"],
    ]);
    // Ann: O1 25.00 + O3 40.00; Bob: O2 77.50.
    expect(await rows("customer")).toEqual([
      ["Ann", 2, "3.0000", "65.0000"],
      ["Bob", 1, "4.0000", "77.5000"],
    ]);
    expect(await failedRules()).toEqual([]);
  });

  test("a cancelled order leaves every rollup; top products and customers rank the rest", async () => {
    await client.sales.orders.cancel.mutate({ id: ids.o3, note: "changed her mind" });
    const range = { from: today, to: today };
    const total = (await client.analytics.rollups.sales.query({ ...range, dimension: "total" })).items[0];
    expect([total?.orders_count, total?.units_sold, total?.net_revenue]).toEqual([2, "6.0000", "102.5000"]);
    // Mug 62.50 before lamp 40.00; Bob 77.50 before Ann 25.00.
    expect(
      (await client.analytics.rollups.topProducts.query(range)).map((row) => [
        row.rank,
        row.sku,
        row.orders_count,
        row.units_sold,
        row.net_revenue,
      ]),
    ).toEqual([
      [1, "MUG", 2, "5.0000", "62.5000"],
      [2, "LAMP", 1, "1.0000", "40.0000"],
    ]);
    expect((await client.analytics.rollups.topProducts.query({ ...range, limit: 1 })).map((row) => row.sku)).toEqual(["MUG"]);
    expect(
      (await client.analytics.rollups.topCustomers.query(range)).map((row) => [row.rank, row.name, row.orders_count, row.net_revenue]),
    ).toEqual([
      [1, "Bob", 1, "77.5000"],
      [2, "Ann", 1, "25.0000"],
    ]);
    // An empty range (before any order) ranks nothing.
    expect(await client.analytics.rollups.topCustomers.query({ from: "2020-01-01", to: "2020-01-31" })).toEqual([]);
    expect(await failedRules()).toEqual([]);
  });

  test("refresh on correct rollups changes nothing and writes no audit row", async () => {
    const result = await client.analytics.rollups.refresh.mutate(span);
    expect(result).toEqual({
      ...span,
      daily_sales: zero,
      product_sales_daily: zero,
      customer_sales_daily: zero,
      top_products: zero,
      customer_metrics: zero,
    });
    const audits = await api.db.pool.anyFirst(
      sql.unsafe`SELECT action FROM ${sql.identifier([schemaName, "audit_log"])} WHERE entity = 'sales_rollups'`,
    );
    expect(audits).toEqual([]);
  });

  test("refresh rebuilds the days whose orders were moved behind the operations' back, then changes nothing", async () => {
    // A superuser moves O2 to the 15th of one month and O1 to the 3rd of the next (and the
    // customers' creation before them, so orders still come after their customers): the rollups
    // still say today.
    const orders = sql.identifier([schemaName, "orders"]);
    await api.db.pool.query(sql.unsafe`UPDATE ${sql.identifier([schemaName, "customers"])} SET created_at = ${`${firstMonth}T00:00:00Z`}`);
    await api.db.pool.query(sql.unsafe`UPDATE ${orders} SET ordered_at = ${`${dayA}T10:00:00Z`} WHERE id = ${ids.o2}`);
    await api.db.pool.query(sql.unsafe`UPDATE ${orders} SET ordered_at = ${`${dayB}T23:30:00Z`} WHERE id = ${ids.o1}`);
    expect(await failedRules()).toEqual([
      "daily sales equal the orders of each day",
      "product sales equal the order lines of each day",
      "channel sales equal the attributed orders of each day",
      "customer sales equal the orders of each day",
    ]);

    const result = await client.analytics.rollups.refresh.mutate(span);
    // Today: the all-channel and dealer rows, the mug and lamp rows, Ann's and Bob's rows go (O3 is
    // cancelled); day A and day B each get an all-channel and a dealer row, 15 January a
    // mug and a lamp row and Bob's, day B a mug row and Ann's.
    expect(result).toEqual({
      ...span,
      daily_sales: { inserted: 4, updated: 0, deleted: 2 },
      product_sales_daily: { inserted: 3, updated: 0, deleted: 2 },
      customer_sales_daily: { inserted: 2, updated: 0, deleted: 2 },
      top_products: zero,
      customer_metrics: zero,
    });
    expect(await failedRules()).toEqual([]);
    const audits = await api.db.pool.anyFirst(
      sql.unsafe`SELECT action FROM ${sql.identifier([schemaName, "audit_log"])} WHERE entity = 'sales_rollups'`,
    );
    expect(audits).toEqual(["refresh"]);

    const again = await client.analytics.rollups.refresh.mutate(span);
    expect([again.daily_sales, again.product_sales_daily, again.customer_sales_daily, again.top_products, again.customer_metrics]).toEqual([
      zero,
      zero,
      zero,
      zero,
      zero,
    ]);

    // By month: the first month holds O2, the second O1.
    const year = { ...span, grain: "month" as const };
    expect(
      (await client.analytics.rollups.sales.query({ ...year, dimension: "channel" })).items.map((row) => [
        row.period,
        row.label,
        row.net_revenue,
      ]),
    ).toEqual([
      [firstMonth, "Dealers", "77.5000"],
      [secondMonth, "Dealers", "25.0000"],
    ]);
    expect(
      (await client.analytics.rollups.sales.query({ ...year, dimension: "total" })).items.map((row) => [
        row.period,
        row.orders_count,
        row.net_revenue,
      ]),
    ).toEqual([
      [firstMonth, 1, "77.5000"],
      [secondMonth, 1, "25.0000"],
    ]);
  });

  test("sales pages walk by period then key, with a cursor", async () => {
    const query = { ...span, dimension: "product" as const, limit: 1 };
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const { items, nextCursor } = await client.analytics.rollups.sales.query({ ...query, cursor });
      seen.push(...items.map((row) => `${row.period} ${row.label} ${row.net_revenue}`));
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    // 15 January: mug 37.50 and lamp 40.00 (ordered by product id: mug was created first); 3 February: mug 25.00.
    expect(seen).toEqual([`${dayA} MUG Mug 37.5000`, `${dayA} LAMP Lamp 40.0000`, `${dayB} MUG Mug 25.0000`]);
  });
});

describe("failure paths", () => {
  test("a reversed or too long range, a bad cursor, a bad dimension: BAD_REQUEST naming the field", async () => {
    expect(
      await expectCode(client.analytics.rollups.sales.query({ from: "2026-03-01", to: "2026-02-01", dimension: "total" }), "BAD_REQUEST"),
    ).toBe("to: must not be before from (2026-03-01), got 2026-02-01.");
    expect(await expectCode(client.analytics.rollups.refresh.mutate({ from: "2025-01-01", to: "2026-06-30" }), "BAD_REQUEST")).toBe(
      "to: a range may span at most 366 days, this one spans 546.",
    );
    expect(await expectCode(client.analytics.rollups.topProducts.query({ from: "2026-03-01", to: "2026-02-01" }), "BAD_REQUEST")).toMatch(
      /^to: /,
    );
    expect(await expectCode(client.analytics.rollups.topCustomers.query({ from: "2026-03-01", to: "2026-02-01" }), "BAD_REQUEST")).toMatch(
      /^to: /,
    );
    expect(
      await expectCode(
        client.analytics.rollups.sales.query({ from: "2026-01-01", to: "2026-02-01", dimension: "total", cursor: "yesterday" }),
        "BAD_REQUEST",
      ),
    ).toBe("cursor: must be the nextCursor of a previous page (period/key).");
    const message = await expectCode(
      client.analytics.rollups.sales.query({ from: "2026-01-01", to: "2026-02-01", dimension: "region" as "total" }),
      "BAD_REQUEST",
    );
    expect(message).toMatch(/dimension/);
    expect(await expectCode(client.analytics.rollups.refresh.mutate({ from: "2026-13-01", to: "2026-12-31" }), "BAD_REQUEST")).toMatch(
      /from/,
    );
  });

  test("starter and growth tenants are FORBIDDEN; another tenant sees none of these sales", async () => {
    for (const tier of ["starter", "growth"] as const) {
      const other = await api.provision(`rollups${tier}`, tier);
      const range = span;
      await expectCode(other.client.analytics.rollups.sales.query({ ...range, dimension: "total" }), "FORBIDDEN");
      await expectCode(other.client.analytics.rollups.topProducts.query(range), "FORBIDDEN");
      await expectCode(other.client.analytics.rollups.topCustomers.query(range), "FORBIDDEN");
      await expectCode(other.client.analytics.rollups.refresh.mutate(range), "FORBIDDEN");
    }
    const neighbour = await api.provision("rollupsb", "professional");
    const range = span;
    expect((await neighbour.client.analytics.rollups.sales.query({ ...range, dimension: "customer" })).items).toEqual([]);
    expect(await neighbour.client.analytics.rollups.topProducts.query(range)).toEqual([]);
    // Its refresh touches only its own (empty) rollups.
    const result = await neighbour.client.analytics.rollups.refresh.mutate(range);
    expect(result.daily_sales).toEqual(zero);
    expect(await failedRules()).toEqual([]);
  });
});

test("the demo data's rollups equal its orders: refreshing its whole history changes nothing", async () => {
  const slug = api.db.slug("rollupsdemo");
  const { admin } = await api.operator.platform.tenants.provision.mutate({
    slug,
    tier: "professional",
    admin: { email: "owner@rollupsdemo.test" },
    seedDemoData: true,
  });
  const demo = await api.signIn(slug, "owner@rollupsdemo.test", admin.password);
  const rules = await checkInvariants(api.db.pool, tenantNames(slug).schemaName);
  expect(rules.filter((rule) => !rule.ok)).toEqual([]);
  // The demo history ends 10 days back and spans 60 days; a year back covers it.
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const result = await demo.analytics.rollups.refresh.mutate({ from, to });
  expect([
    result.daily_sales,
    result.product_sales_daily,
    result.customer_sales_daily,
    result.top_products,
    result.customer_metrics,
  ]).toEqual([zero, zero, zero, zero, zero]);
  // The channels' rows add up to the attributed orders' share of the total.
  const channels = await demo.analytics.rollups.sales.query({ from, to, dimension: "channel", grain: "month", limit: 100 });
  expect(channels.items.length).toBeGreaterThan(0);
});
