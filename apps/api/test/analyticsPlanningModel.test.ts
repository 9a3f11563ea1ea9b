import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Model, type ModelProduct, random, step, type World } from "./support/model/analyticsPlanningCommands.ts";
import { reportModelRun } from "./support/model/reportModelRun.ts";
import { setVendorPrice, tenantTable } from "./support/procurement.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Model-based test of analytics planning: random sequences of sales orders (some refused for want
 * of stock, some cancelled), purchase orders (approved or left draft, received in parts, cancelled),
 * forecasts by month or week over a product or a category as of several future days, demand plans
 * (of the forecast or of a scenario's projection), their approval into purchase orders and
 * archiving, scenario multipliers, projections and comparisons, and bad horizons, each sequence on
 * a fresh professional tenant. Every command is checked against the model as it runs (forecast
 * lines equal the method on the history the model knows; plan lines equal the netting of the
 * model's stock and open orders); after each sequence every invariant must hold.
 * Deterministic: the sequences come from a fixed seed (PLANNING_MODEL_SEED runs others).
 */
const SEQUENCES = Number(process.env.PLANNING_MODEL_SEQUENCES ?? 4);
const COMMANDS = 80;
const SEED = Number(process.env.PLANNING_MODEL_SEED ?? 20_261_203);
const MIN_OPERATIONS = SEQUENCES >= 4 ? 300 : 0;

let api: TestApi;
const stats: World["stats"] = { operations: 0, refusals: 0, kinds: {} };

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

test("analytics planning: random command sequences keep the API equal to the model and every invariant", async () => {
  const started = Date.now();
  for (let sequence = 0; sequence < SEQUENCES; sequence++) {
    const rng = random(SEED + sequence);
    const tenant = await api.provision(`planm${sequence}`, "professional");
    const admin = tenant.client;
    const warehouseId = (await admin.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main", is_default: true })).id;
    const categoryIds = [
      (await admin.catalog.categories.create.mutate({ slug: "tools", name: "Tools", status: "active" })).id,
      (await admin.catalog.categories.create.mutate({ slug: "toys", name: "Toys", status: "active" })).id,
    ];
    const vendorId = (await admin.procurement.vendors.create.mutate({ name: "Model Vendor", status: "active" })).id;
    const shapes = [
      { category: 0, vendor: true, stock: 20, safety: 2.5 },
      { category: 0, vendor: false, stock: 5, safety: 0 },
      { category: 1, vendor: true, stock: 10, safety: 0 },
      { category: 1, vendor: true, stock: 0, safety: 0 },
    ];
    const products: ModelProduct[] = [];
    for (const [index, shape] of shapes.entries()) {
      const id = (
        await admin.catalog.products.create.mutate({
          sku: `P${index}`,
          name: `Product ${index}`,
          base_price: "10",
          cost_price: "3",
          status: "active",
          category_id: categoryIds[shape.category],
        })
      ).id;
      if (shape.vendor) await setVendorPrice(api, tenant.slug, { vendorId, productId: id, lastCost: "3" });
      if (shape.stock > 0) {
        await admin.inventory.stock.receive.mutate({ product_id: id, warehouse_id: warehouseId, quantity: shape.stock, unit_cost: "3" });
      }
      if (shape.safety > 0) {
        await api.db.pool.query(
          sql.unsafe`UPDATE ${tenantTable(tenant.slug, "inventory")} SET safety_stock = ${shape.safety} WHERE product_id = ${id}`,
        );
      }
      products.push({ id, category: shape.category, vendor: shape.vendor, onHand: shape.stock, reserved: 0, safety: shape.safety });
    }
    const customerId = (await admin.sales.customers.create.mutate({ name: "Model Buyer", email: "buyer@model.test" })).id;
    const scenarios = [];
    for (const code of ["UP", "DOWN"]) {
      const id = (await admin.analytics.scenarios.create.mutate({ code, name: `Scenario ${code}` })).id;
      scenarios.push({
        id,
        code,
        multipliers: new Map<number | null, string>(),
        forecast: null,
        projectedWith: new Map<number | null, string>(),
      });
    }
    const world: World = { admin, vendorId, customerId, categoryIds, stats };
    const model: Model = { products, orders: [], purchaseOrders: [], forecasts: [], plans: [], scenarios };
    // A command that does not apply to the state is skipped (like fast-check's check()) and another drawn.
    for (let applied = 0, drawn = 0; applied < COMMANDS && drawn < COMMANDS * 4; drawn++) {
      if (await step(world, model, rng)) applied++;
    }
    const results = await checkInvariants(api.db.pool, tenantNames(tenant.slug).schemaName);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    // The planning rules saw what the sequence made.
    const checked = results.find((result) => result.name === "demand plan totals equal their lines, one per forecast of the run");
    expect(checked?.detail).toBe(`demand plans checked: ${model.plans.length}`);
  }
  reportModelRun("analytics planning", stats, SEQUENCES, started);
  expect(stats.operations).toBeGreaterThanOrEqual(MIN_OPERATIONS);
}, 600_000);
