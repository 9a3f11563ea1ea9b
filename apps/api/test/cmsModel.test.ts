import { createErpClient } from "@erp/client";
import { checkInvariants } from "@erp/erp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type CmsModel, cmsCommands, expectSiteMatches } from "./support/model/cmsCommands.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Model-based test of the CMS: random sequences of page saves, publishes, unpublishes, archives
 * and restores, testimonial moderation and edits, FAQ additions and reorders, each answer
 * compared with a model; after each sequence the public site.* path must show exactly what the
 * model says is public, and every invariant must hold. A fixed seed, so a failure replays.
 */
const SEQUENCES = 2;
const COMMANDS = 160;
const SEED = 20_261_202;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

/** mulberry32: a small seeded generator; `pick(n)` is a whole number in [0, n). */
function generator(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
  };
}

test("cms: random command sequences keep the API equal to the model, the website public-only, and every invariant", async () => {
  const pick = generator(SEED);
  const site = createErpClient({ url: api.url }).site;
  let operations = 0;
  for (let sequence = 0; sequence < SEQUENCES; sequence++) {
    const tenant = await api.provision(`cmsmodel${sequence}`, "growth");
    const model: CmsModel = { pages: [], testimonials: [], faqs: [], operations: 0 };
    for (let k = 0; k < COMMANDS; k++) {
      const command = cmsCommands[pick(cmsCommands.length)];
      if (!command) continue;
      await command.run(tenant.client, model, pick);
      operations++;
    }
    await expectSiteMatches(site, tenant.slug, model);
    const results = await checkInvariants(api.db.pool, `tenant_${tenant.slug}`);
    expect(results.filter((result) => !result.ok)).toEqual([]);
  }
  expect(operations).toBeGreaterThanOrEqual(300);
}, 300_000);
