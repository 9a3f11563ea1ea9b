import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { afterAll, beforeAll, expect, test } from "vitest";
import { expectedBooks, type Model, random, step, type World } from "./support/model/procureToPayModel.ts";
import { reportModelRun } from "./support/model/reportModelRun.ts";
import { addTaxRate, ledgerBalances } from "./support/procurement.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Model-based test of procure to pay: random sequences of purchase orders (create, approve, send,
 * cancel, close), partial and over-tolerance receipts, bills (some priced over the order: a
 * variance approved with override after the plain approval is refused), partial and whole
 * payments (and over-payments that must be refused), one-unit debit notes and, in between, stock
 * adjustments out (an existing inventory operation), each sequence on a
 * fresh growth tenant. Every command is checked against the model as it runs; after each sequence
 * the GRNI and payables accounts must equal the model's figures and every invariant must hold.
 * Deterministic: the sequences come from a fixed seed (P2P_MODEL_SEED runs others).
 */
const SEQUENCES = Number(process.env.P2P_MODEL_SEQUENCES ?? 5);
const COMMANDS = 70;
const SEED = Number(process.env.P2P_MODEL_SEED ?? 20_261_202);
const MIN_OPERATIONS = SEQUENCES >= 5 ? 300 : 0;

let api: TestApi;
const stats: World["stats"] = { operations: 0, refusals: 0, kinds: {} };

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

test("procure to pay: random command sequences keep the API equal to the model and every invariant", async () => {
  const started = Date.now();
  for (let sequence = 0; sequence < SEQUENCES; sequence++) {
    const rng = random(SEED + sequence);
    const tenant = await api.provision(`p2pm${sequence}`, "growth");
    const admin = tenant.client;
    const taxRateId = await addTaxRate(api, tenant.slug, "VAT10", "10");
    const warehouseId = (await admin.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main", is_default: true })).id;
    const products = [
      {
        id: (
          await admin.catalog.products.create.mutate({
            sku: "TAXED",
            name: "Taxed",
            base_price: "9",
            status: "active",
            tax_rate_id: taxRateId,
          })
        ).id,
        taxRate: 10,
      },
      {
        id: (await admin.catalog.products.create.mutate({ sku: "PLAIN", name: "Plain", base_price: "9", status: "active" })).id,
        taxRate: 0,
      },
    ];
    const vendorId = (await admin.procurement.vendors.create.mutate({ name: "Model Vendor", status: "active" })).id;
    await admin.procurement.settings.update.mutate({
      approval_threshold: "1000000",
      quantity_tolerance_percent: "10",
      price_tolerance_percent: "0",
    });
    const world: World = { admin, vendorId, warehouseId, products, tolerancePercent: 10, stats };
    const model: Model = { orders: [], bills: [], billNumber: 0, onHand: [0, 0] };
    // A command that does not apply to the state is skipped (like fast-check's check()) and another drawn.
    for (let applied = 0, drawn = 0; applied < COMMANDS && drawn < COMMANDS * 4; drawn++) {
      if (await step(world, model, rng)) applied++;
    }
    const books = expectedBooks(model);
    const balances = await ledgerBalances(api, tenant.slug);
    expect([(-Number(balances["2050"] ?? 0)).toFixed(4), (-Number(balances["2000"] ?? 0)).toFixed(4)]).toEqual([
      books.grni,
      books.payables,
    ]);
    const results = await checkInvariants(api.db.pool, tenantNames(tenant.slug).schemaName);
    expect(results.filter((result) => !result.ok)).toEqual([]);
  }
  reportModelRun("procure-to-pay", stats, SEQUENCES, started);
  expect(stats.operations).toBeGreaterThanOrEqual(MIN_OPERATIONS);
}, 300_000);
