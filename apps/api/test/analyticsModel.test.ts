import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  type AnalyticsModel,
  type AnalyticsReal,
  analyticsSequence,
  channelCount,
  checkAnalytics,
  customerCount,
  runAnalyticsCommand,
} from "./support/model/analyticsCommands.ts";
import { reportModelRun } from "./support/model/reportModelRun.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Model-based test of the analytics rollups and KPIs: random sequences of orders placed (some
 * attributed to a channel at once), confirmed, cancelled and re-attributed, refreshes of today's
 * rollups (which must find nothing to change), KPI evaluations and rollup reads compared with the
 * model's revenue by total, channel, customer and product, and reversed ranges (refused), each
 * sequence on a fresh professional tenant; every invariant (the rollups equal the orders, and all
 * the others) is checked after each sequence, and the model's total revenue must match.
 */
const SEQUENCES = Number(process.env.ANALYTICS_MODEL_SEQUENCES ?? 5);
const MIN_COMMANDS = 70;
const MAX_COMMANDS = 80;
const MIN_OPERATIONS = SEQUENCES >= 5 ? 300 : 0;
/** Fixed, so a failure replays. */
const SEED = Number(process.env.ANALYTICS_MODEL_SEED ?? 20_261_204);

let api: TestApi;
const stats: AnalyticsReal["stats"] = { operations: 0, refusals: 0, kinds: {} };
let sequences = 0;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

async function openAnalytics(client: AnalyticsReal["client"], today: string): Promise<AnalyticsReal> {
  const warehouse = await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true });
  const catalog = [
    { sku: "MUG", price: "12.50", cents: 1250 },
    { sku: "LAMP", price: "39.99", cents: 3999 },
    { sku: "CABLE", price: "7.35", cents: 735 },
  ];
  const products: AnalyticsReal["products"] = [];
  for (const item of catalog) {
    const product = await client.catalog.products.create.mutate({
      sku: item.sku,
      name: item.sku,
      base_price: item.price,
      status: "active",
    });
    await client.inventory.stock.receive.mutate({ product_id: product.id, warehouse_id: warehouse.id, quantity: 1000, unit_cost: "3" });
    products.push({ id: product.id, cents: item.cents });
  }
  const customers: string[] = [];
  for (let k = 0; k < customerCount; k++) {
    customers.push((await client.sales.customers.create.mutate({ name: `Customer ${k}`, email: `c${k}@model.test` })).id);
  }
  const channels: string[] = [];
  for (let k = 0; k < channelCount; k++)
    channels.push((await client.channels.channels.create.mutate({ code: `CH${k}`, name: `Channel ${k}` })).id);
  const definitions: Record<string, string> = {};
  for (const metric of ["net_revenue", "orders_count", "average_order_value"] as const) {
    definitions[metric] = (await client.analytics.kpiDefinitions.create.mutate({ code: metric.toUpperCase(), name: metric, metric })).id;
  }
  return { client, customers, products, channels, definitions, today, stats };
}

test("analytics: random orders, attributions, cancellations, refreshes and KPI evaluations keep the rollups equal to the orders and to the model", async () => {
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(analyticsSequence(MIN_COMMANDS, MAX_COMMANDS), async (commands) => {
      const tenant = await api.provision(`analytics${sequences++}`, "professional");
      const today = new Date().toISOString().slice(0, 10);
      const real = await openAnalytics(tenant.client, today);
      const model: AnalyticsModel = { orders: [] };
      for (const command of commands) await runAnalyticsCommand(command, model, real);
      await checkAnalytics(model, real);
      const failed = (await checkInvariants(api.db.pool, tenantNames(tenant.slug).schemaName)).filter((rule) => !rule.ok);
      expect(failed).toEqual([]);
    }),
    { seed: SEED, numRuns: SEQUENCES, endOnFailure: true, verbose: 1 },
  );
  reportModelRun("analytics", stats, sequences, started);
  expect(stats.operations).toBeGreaterThanOrEqual(MIN_OPERATIONS);
}, 300_000);
