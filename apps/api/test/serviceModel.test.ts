import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openShop } from "./support/fixtures.ts";
import { commands, drawCommand, random, type ServiceWorld } from "./support/model/serviceModel.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Model-based test of field service: random sequences of requests, assignments (with deliberate
 * overlaps: double booking must be refused), state changes, visits, parts, coverage by a
 * maintenance contract, its planned preventive visits, notes, feedback after close and paid-job
 * invoices on one professional tenant, each command checked
 * against the model (accepted, or refused with the predicted code), and after each sequence
 * every invariant of the system and every request's status as the API reports it.
 */
const SEQUENCES = Number(process.env.SERVICE_MODEL_SEQUENCES ?? 12);
const COMMANDS = 45;
const SEED = Number(process.env.SERVICE_MODEL_SEED ?? 20_261_202);

let api: TestApi;
afterAll(async () => api?.close());
beforeAll(async () => {
  api = await startTestApi();
});

test("random service sequences agree with the model and keep every invariant", { timeout: 300_000 }, async () => {
  const tenant = await api.provision("svcmodel", "professional");
  const client = tenant.client;
  const shop = await openShop(client, "SVCM", 2_000);
  const categoryId = (await client.service.categories.create.mutate({ code: "MODEL", name: "Model work" })).id;
  const technicians = [];
  for (const code of ["M1", "M2", "M3"]) {
    technicians.push(
      (
        await client.service.technicians.create.mutate({
          technician_code: code,
          name: `Tech ${code}`,
          home_warehouse_id: shop.warehouseId,
          hourly_rate: "48",
        })
      ).id,
    );
  }
  const today = new Date().toISOString().slice(0, 10);
  const contract = await client.service.amcContracts.create.mutate({
    customer_id: shop.customerId,
    start_date: today,
    end_date: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10),
    visits_included: 3,
  });
  const stats: ServiceWorld["stats"] = { operations: 0, refusals: 0, kinds: {} };
  const contractState: ServiceWorld["contract"] = { id: contract.id, included: 3, used: 0, planned: [] };
  const next = random(SEED);
  for (let sequence = 0; sequence < SEQUENCES; sequence++) {
    const world: ServiceWorld = {
      client,
      customerId: shop.customerId,
      categoryId,
      productId: shop.productId,
      variantId: shop.variantId,
      technicians,
      contract: contractState,
      base: Date.UTC(2030, 0, 1) + sequence * 7 * 86_400_000,
      requests: [],
      stats,
    };
    for (let step = 0; step < COMMANDS; step++) {
      const name = drawCommand(next);
      await commands[name]?.(world, next).catch((error: unknown) => {
        const errors = api.logs.filter((line) => line.level === "error" || line.err !== undefined);
        throw new Error(`step ${step} (${name}): ${(error as Error).message} ${JSON.stringify(errors.at(-1))?.slice(0, 1500)}`);
      });
    }
    const failed = (await checkInvariants(api.db.pool, tenantNames(tenant.slug).schemaName)).filter((result) => !result.ok);
    expect(failed, `sequence ${sequence}`).toEqual([]);
    for (const request of world.requests) {
      expect((await client.service.requests.get.query({ id: request.id })).status, `sequence ${sequence}`).toBe(request.status);
    }
    expect((await client.service.amcContracts.get.query({ id: contract.id })).visits_used).toBe(contractState.used);
  }
  console.log(`service model: ${stats.operations} operations, ${stats.refusals} refused as predicted`, stats.kinds);
  expect(stats.operations).toBeGreaterThanOrEqual(300);
  expect(stats.refusals).toBeGreaterThan(0);
});
