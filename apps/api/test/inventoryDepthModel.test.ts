import { checkInvariants } from "@erp/erp";
import fc from "fast-check";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { checkInventoryDepth, inventoryDepthSequence, inventoryDepthShape } from "./support/model/inventoryDepthCommands.ts";
import { InventoryDepthModel, type InventoryDepthReal } from "./support/model/inventoryDepthModel.ts";
import { reportModelRun } from "./support/model/reportModelRun.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Model-based test of inventory depth: random sequences of stock receipts and adjustments, planned
 * transfers shipped into transit and received whole or in parts, direct transfers, and counts
 * started, counted line by line while stock keeps moving, posted or cancelled, each sequence on a
 * fresh starter tenant with two variants and three warehouses. Every command is checked against
 * the model (on hand and moving average to the last digit, the cost a transfer carries, the book
 * quantity a line was counted against); after each sequence the valuation report must equal the
 * inventory account, the value in transit the in-transit account, and every invariant must hold.
 * Some commands try what must be refused (stock below zero, shipping more than the source has,
 * posting a count whose missing goods already left, posting twice) and expect the exact code.
 */

/** 6 sequences of 65 to 85 commands: over 300 API operations with the fixed seed (asserted). */
const SEQUENCES = Number(process.env.STOCK_MODEL_SEQUENCES ?? 6);
const MIN_OPERATIONS = SEQUENCES >= 6 ? 300 : 0;
const SEED = Number(process.env.STOCK_MODEL_SEED ?? 20_261_202);

let api: TestApi;
const stats: InventoryDepthReal["stats"] = { operations: 0, refusals: 0, sequences: 0, kinds: {} };

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

test("inventory depth: counts, transfers in transit and stock moves keep the API equal to the model, the valuation equal to the books and every invariant", async () => {
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(inventoryDepthSequence(65, 85), async (commands) => {
      const tenant = await api.provision(`depth${stats.sequences++}`, "starter");
      const schemaName = await api.db.pool.oneFirst(sql.type(z.object({ schema_name: z.string() }))`
        SELECT schema_name FROM platform.tenants WHERE slug = ${tenant.slug}`);
      const { client } = tenant;
      const warehouses: string[] = [];
      for (let index = 0; index < inventoryDepthShape.warehouses; index++) {
        warehouses.push((await client.inventory.warehouses.create.mutate({ code: `W${index}`, name: `Warehouse ${index}` })).id);
      }
      const variants: { productId: string; variantId: string }[] = [];
      for (let index = 0; index < inventoryDepthShape.variants; index++) {
        const product = await client.catalog.products.create.mutate({
          sku: `ITEM${index}`,
          name: `Item ${index}`,
          base_price: "10",
          status: "active",
          variants: [{ sku: `ITEM${index}-A`, name: `Item ${index} A`, price: "10", status: "active" }],
        });
        variants.push({ productId: product.id, variantId: product.variants[0]?.id ?? "" });
      }
      const model = new InventoryDepthModel(inventoryDepthShape.variants, inventoryDepthShape.warehouses);
      const real: InventoryDepthReal = { client, variants, warehouses, stats };
      await fc.asyncModelRun(() => ({ model, real }), commands);
      await checkInventoryDepth(model, real, () => checkInvariants(api.db.pool, schemaName));
    }),
    { seed: SEED, numRuns: SEQUENCES, endOnFailure: true, verbose: 1 },
  );
  reportModelRun("inventory-depth", stats, stats.sequences, started);
  expect(stats.operations).toBeGreaterThanOrEqual(MIN_OPERATIONS);
}, 600_000);
