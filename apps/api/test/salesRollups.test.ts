import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Orders placed and cancelled through the API keep the analytics rollups (daily sales, product
 * sales per day, top products, customer metrics) equal to the orders, on a tenant whose demo data
 * filled them: the rules that API writes used to break.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

test("orders placed and cancelled through the API keep every sales rollup equal to the orders", async () => {
  const slug = api.db.slug("rollups");
  const { admin } = await api.operator.platform.tenants.provision.mutate({
    slug,
    tier: "professional",
    admin: { email: "owner@rollups.test" },
    seedDemoData: true,
  });
  const client = await api.signIn(slug, "owner@rollups.test", admin.password);
  const rules = async () =>
    (await checkInvariants(api.db.pool, tenantNames(slug).schemaName, { modules: ["analytics"] })).filter((result) => !result.ok);
  expect(await rules()).toEqual([]);

  // A demo customer (with metrics) buys demo products that are in stock.
  const customer = (await client.sales.customers.list.query({ limit: 1 })).items[0];
  const stocked = (await client.inventory.stock.levels.query({ limit: 5 })).items.filter((level) => Number(level.quantity_available) >= 2);
  expect(customer && stocked.length >= 2).toBe(true);
  const lines = stocked
    .slice(0, 2)
    .map((level) => ({ product_variant_id: level.product_variant_id ?? undefined, product_id: level.product_id, quantity: 1 }));
  const kept = await client.sales.orders.create.mutate({ customer_id: customer?.id ?? "", lines });
  await client.sales.orders.confirm.mutate({ id: kept.id });
  const dropped = await client.sales.orders.create.mutate({ customer_id: customer?.id ?? "", lines: lines.slice(0, 1) });
  expect(await rules()).toEqual([]);
  await client.sales.orders.cancel.mutate({ id: dropped.id, note: "changed their mind" });
  expect(await rules()).toEqual([]);
});
