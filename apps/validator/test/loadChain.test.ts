import { openPlatform, type Platform } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { parseScenario } from "@erp/load-tests/scenario";
import { seedDemoData } from "@erp/seed";
import { provisionTenant, tenantNames } from "@erp/tenancy";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startValidationApi, type ValidationApi } from "../src/api/validationApi.ts";
import { loadScenario } from "../src/load/loadScenario.ts";
import { prepareLoadTenants } from "../src/load/prepareLoadTenants.ts";
import { runAutocannon } from "../src/load/runAutocannon.ts";

let db: TestDatabase;
let platform: Platform;
let api: ValidationApi;

beforeAll(async () => {
  db = await createTestDatabase();
  platform = await openPlatform({ url: db.url, log: () => {}, maxPoolSize: 10 });
  api = await startValidationApi(platform, { poolSize: 10, seeder: seedDemoData });
}, 120_000);
afterAll(async () => {
  await api?.close();
  await platform?.pool.end();
  await db?.drop();
});

test("the autocannon driver runs the scenario's order-to-cash chain: each step takes what the one before made, and every answer passes its checks", async () => {
  const slug = db.slug("chain");
  const admin = { email: "admin@chain.test", password: "chain-test-password-0123" };
  // A seeded starter tenant: customers and stock for the orders, and no demo journal entries.
  await provisionTenant(platform, { slug, tier: "starter", admin, seedDemoData: true }, { seeder: seedDemoData });
  const full = await loadScenario();
  // The chain alone (create order and the o2c group) as the scenario file defines it, at equal
  // weights: the file's weights fill the chain over a longer run than a test's few seconds.
  const chain = parseScenario({
    targets: full.targets,
    fixtures: full.fixtures,
    requests: full.requests
      .filter((request) => request.group === "o2c" || request.name === "create order")
      .map((request) => ({ ...request, weight: 1 })),
  });
  const tenants = await prepareLoadTenants(api, chain, [{ slug, tier: "starter", ...tenantNames(slug), ...admin }]);
  // Long enough for a document to go through all five steps one after the other on a busy machine
  // (each step waits for the answer of the one before).
  const run = await runAutocannon({ url: api.url, scenario: chain, tenants, rate: 30, durationSeconds: 10 });
  expect(run.errors).toEqual([]);
  expect(run.checks.failed).toEqual({});
  const sent = new Set(run.samples.map((sample) => sample.name));
  expect([...sent].sort()).toEqual(["confirm order", "create order", "invoice order", "receive payment", "ship order"]);
}, 120_000);
