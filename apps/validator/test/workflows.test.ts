import { openPlatform, type Platform } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { seedDemoData } from "@erp/seed";
import { provisionTenant, type Tier, tenantNames } from "@erp/tenancy";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startValidationApi, type ValidationApi } from "../src/api/validationApi.ts";
import type { ValidationTenant } from "../src/stages/provisioning.ts";
import { workflowsStage } from "../src/stages/workflows.ts";
import { runOrderToCash, setUpFlows } from "../src/workflows/orderToCash.ts";

let db: TestDatabase;
let platform: Platform;
let api: ValidationApi;
const tenants: ValidationTenant[] = [];
const progress = { start: () => {}, tick: () => {} };

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await openPlatform({ url: db.url, log: () => {}, maxPoolSize: 10 });
  // Seeded like the validator's tenants: the flows' documents take numbers after the demo data's.
  for (const [name, tier] of [
    ["wf_starter", "starter"],
    ["wf_growth", "growth"],
  ] as [string, Tier][]) {
    const slug = db.slug(name);
    const admin = { email: "admin@workflows.test", password: "workflows-test-password-0123" };
    await provisionTenant(platform, { slug, tier, admin, seedDemoData: true }, { seeder: seedDemoData });
    tenants.push({ slug, tier, ...tenantNames(slug), ...admin });
  }
  api = await startValidationApi(platform, { poolSize: 10, seeder: seedDemoData });
}, 300_000);
afterAll(async () => {
  await api?.close();
  await platform?.pool.end();
  await db?.drop();
});

test("two tenants × two concurrent flows: every step answers as expected and no invariant that held breaks", async () => {
  const outcome = await workflowsStage(api, db.pool, tenants, { tenants: 2, flowsPerTenant: 2 }, progress);
  expect(outcome.problems).toEqual([]);
  expect(outcome.data).toMatchObject({ tenants: 2, flows: 4, completed: 4, documents: 4 * 8 });
  const steps = outcome.data.steps.map((step) => [step.step, step.latency.n]);
  // Two shipments, two invoices and two receipts per flow.
  expect(steps).toContainEqual(["create shipment", 8]);
  expect(steps).toContainEqual(["create invoice", 8]);
  expect(steps).toContainEqual(["create receipt", 8]);
  expect(steps).toContainEqual(["create credit note", 4]);
}, 300_000);

test("a price that is not the one the flow set is named with the expected and actual amounts", async () => {
  const tenant = tenants[0]!;
  const client = api.client({ token: await api.login(tenant) });
  const setup = await setUpFlows(client, "price", 1);
  await client.catalog.products.update.mutate({ id: setup.productIds.widget, patch: { base_price: "3.34" } });
  const result = await runOrderToCash(client, setup, "price", "t");
  expect(result.problems).toContain("t: after create order, the order's grand total is 43.3600, expected 43.3200.");
  expect(result.problems).toContain("t: after create invoice, the invoice's grand total is 24.1800, expected 24.1600.");
  expect(result.problems).toContain("t: after the final receipt, the customer's closing balance is 0.0300, expected 0.0000.");
}, 120_000);
