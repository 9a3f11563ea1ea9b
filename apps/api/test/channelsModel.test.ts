import { checkInvariants } from "@erp/erp";
import { tenantNames } from "@erp/tenancy";
import fc from "fast-check";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type ChannelsReal, channelsSequence, emptyChannelsModel } from "./support/model/channelsCommands.ts";
import { reportModelRun } from "./support/model/reportModelRun.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

/**
 * Model-based test of channels and commissions: random sequences of invoiced orders attributed to
 * partners (or to none), credit notes, invoice cancellations, partner status moves, commission
 * rules created and retired, runs of last and this month (each run twice), approvals, payouts to
 * partners (within and beyond what is payable) and attempts that must be refused, each sequence on a fresh professional tenant; every invariant (the books,
 * the documents, the commissions) is checked after each sequence.
 */
const SEQUENCES = Number(process.env.CHANNELS_MODEL_SEQUENCES ?? 4);
const MIN_COMMANDS = 108;
const MAX_COMMANDS = 118;
const MIN_OPERATIONS = SEQUENCES >= 4 ? 300 : 0;
/** Fixed, so a failure replays. */
const SEED = Number(process.env.CHANNELS_MODEL_SEED ?? 20_261_203);

let api: TestApi;
const stats: ChannelsReal["stats"] = { operations: 0, refusals: 0, kinds: {} };
let sequences = 0;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

async function openChannels(api: TestApi, slug: string, client: ChannelsReal["client"]): Promise<ChannelsReal> {
  const schemaName = tenantNames(slug).schemaName;
  const warehouse = await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true });
  const lamps = await client.catalog.categories.create.mutate({ slug: "lamps", name: "Lamps" });
  const cables = await client.catalog.categories.create.mutate({ slug: "cables", name: "Cables" });
  const catalog = [
    { sku: "LAMP", price: "39.99", categoryId: lamps.id },
    { sku: "CABLE", price: "7.35", categoryId: cables.id },
    { sku: "MISC", price: "12.50", categoryId: null },
  ];
  const products = [];
  for (const item of catalog) {
    const product = await client.catalog.products.create.mutate({
      sku: item.sku,
      name: item.sku,
      base_price: item.price,
      status: "active",
      category_id: item.categoryId,
    });
    await client.inventory.stock.receive.mutate({ product_id: product.id, warehouse_id: warehouse.id, quantity: 1000, unit_cost: "3" });
    products.push({ id: product.id, categoryId: item.categoryId });
  }
  const customer = await client.sales.customers.create.mutate({ name: "Buyer", email: "buyer@model.test" });
  const channel = await client.channels.channels.create.mutate({ code: "PARTNERS", name: "Partners", kind: "dealer" });
  const dealer = await client.channels.dealers.create.mutate({
    channel_id: channel.id,
    dealer_code: "D1",
    name: "D1",
    email: "d1@model.test",
  });
  const franchisee = await client.channels.franchisees.create.mutate({
    franchise_code: "F1",
    name: "F1",
    territory: "North",
    agreement_start: "2026-01-01",
    channel_id: channel.id,
  });
  const partner = await client.channels.communityPartners.create.mutate({ partner_code: "CP1", name: "CP1", channel_id: channel.id });
  const dealer2 = await client.channels.dealers.create.mutate({
    channel_id: channel.id,
    dealer_code: "D2",
    name: "D2",
    email: "d2@model.test",
  });
  await client.channels.commissionRules.create.mutate({ channel_id: channel.id, rate: "3" });
  const today = new Date().toISOString().slice(0, 10);
  const lastMonthDate = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 2, 15)).toISOString().slice(0, 10);
  return {
    client,
    tryInTenant: (edit, id) => {
      const t = (table: string) => sql.identifier([schemaName, table]);
      const statement =
        edit === "reopen"
          ? sql.unsafe`UPDATE ${t("commission_runs")} SET status = 'draft', approved_at = NULL WHERE id = ${id}`
          : sql.unsafe`DELETE FROM ${t("commission_run_lines")} WHERE commission_run_id = ${id}`;
      return api.db.pool.query(statement).then(
        () => null,
        (error: unknown) => error as Error,
      );
    },
    channelId: channel.id,
    products,
    customerId: customer.id,
    partners: [
      { table: "dealers", id: dealer.id, status: dealer.status },
      { table: "franchisees", id: franchisee.id, status: franchisee.status },
      { table: "community_partners", id: partner.id, status: partner.status },
      { table: "dealers", id: dealer2.id, status: dealer2.status },
      { table: "channels", id: channel.id, status: channel.status },
    ],
    periods: { lastMonth: `${lastMonthDate.slice(0, 7)}-01`, lastMonthDate, thisMonth: `${today.slice(0, 7)}-01` },
    stats,
  };
}

test("channels: random sequences keep every invariant; reruns change nothing; approved runs never change", async () => {
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(channelsSequence(MIN_COMMANDS, MAX_COMMANDS), async (commands) => {
      const tenant = await api.provision(`chm${sequences++}`, "professional");
      const real = await openChannels(api, tenant.slug, tenant.client);
      await fc.asyncModelRun(() => ({ model: emptyChannelsModel(), real }), commands);
      const results = await checkInvariants(api.db.pool, tenantNames(tenant.slug).schemaName);
      expect(results.filter((result) => !result.ok)).toEqual([]);
    }),
    { seed: SEED, numRuns: SEQUENCES, endOnFailure: true, verbose: 1 },
  );
  reportModelRun("channels", stats, sequences, started);
  expect(stats.operations).toBeGreaterThanOrEqual(MIN_OPERATIONS);
}, 600_000);
