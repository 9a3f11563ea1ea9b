import type { ErpClient } from "@erp/client";
import { withTenantTransaction } from "@erp/db";
import { getTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectCrudLifecycle } from "./support/crudLifecycle.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * The channels master data over the typed client on a professional tenant: territories and their
 * assignments, dealer contacts and price agreements, marketplace accounts (their settings, which
 * may hold credentials, never leave the API), channel listings, partner referrals; royalties,
 * channel orders and dealer orders read-only. Bad input names its field, another tenant finds
 * none of it, a growth tenant is refused the module.
 */
let api: TestApi;
let tenant: TestTenant;
let other: TestTenant;
let growth: TestTenant;
let channels: ErpClient["channels"];
let theirs: ErpClient["channels"];
let channelId: string;
let dealerId: string;
let franchiseeId: string;
let partnerId: string;
let productId: string;

beforeAll(async () => {
  api = await startTestApi();
  [tenant, other, growth] = await Promise.all([
    api.provision("chmd", "professional"),
    api.provision("chmdb", "professional"),
    api.provision("chmdg", "growth"),
  ]);
  channels = tenant.client.channels;
  theirs = other.client.channels;
  channelId = (await channels.channels.create.mutate({ code: "MKT", name: "Marketplaces", kind: "marketplace" })).id;
  dealerId = (await channels.dealers.create.mutate({ channel_id: channelId, dealer_code: "D1", name: "North", email: "north@d.test" })).id;
  franchiseeId = (
    await channels.franchisees.create.mutate({
      franchise_code: "F1",
      name: "Franchise one",
      territory: "North",
      agreement_start: "2026-01-01",
    })
  ).id;
  partnerId = (await channels.communityPartners.create.mutate({ partner_code: "CP1", name: "Ann" })).id;
  productId = (await tenant.client.catalog.products.create.mutate({ sku: "LAMP", name: "Lamp", base_price: "100", status: "active" })).id;
});
afterAll(async () => api?.close());

describe("channels master data: create → get → list → update → archive/remove, bad input, other tenant", () => {
  test("territories and territory assignments (exactly the assignee its type names)", async () => {
    const territory = await expectCrudLifecycle({
      mine: channels.territories,
      theirs: theirs.territories,
      create: { code: "NORTH", name: "North", country_code: "DE" },
      patch: { region: "Nord" },
      list: { status: "active", search: "nor" },
      bad: { input: { code: "X", name: "X", country_code: "Germany" }, field: "country_code" },
      end: { archive: "inactive" },
    });
    await expectCode(channels.territories.create.mutate({ code: "NORTH", name: "Again" }), "CONFLICT");
    await expectCrudLifecycle({
      mine: channels.territoryAssignments,
      theirs: theirs.territoryAssignments,
      create: { territory_id: territory.id, assignee_type: "dealer", dealer_id: dealerId, starts_on: "2026-01-01" },
      patch: { is_exclusive: true },
      list: { territory_id: territory.id, dealer_id: dealerId },
      bad: { input: { territory_id: territory.id, assignee_type: "dealer", dealer_id: dealerId, starts_on: "1 Jan" }, field: "starts_on" },
      end: "remove",
    });
    // A dealer assignment naming a franchisee instead is refused by the table's CHECK.
    await expectCode(
      channels.territoryAssignments.create.mutate({
        territory_id: territory.id,
        assignee_type: "dealer",
        franchisee_id: franchiseeId,
        starts_on: "2026-01-01",
      }),
      "BAD_REQUEST",
    );
  });

  test("dealer contacts and dealer price agreements", async () => {
    await expectCrudLifecycle({
      mine: channels.dealerContacts,
      theirs: theirs.dealerContacts,
      create: { dealer_id: dealerId, name: "Otto", email: "otto@north.test", is_primary: true },
      patch: { job_title: "Buyer" },
      list: { dealer_id: dealerId, search: "otto" },
      bad: { input: { dealer_id: dealerId, name: "Otto", email: "otto" }, field: "email" },
      end: "remove",
    });
    await expectCrudLifecycle({
      mine: channels.dealerPriceAgreements,
      theirs: theirs.dealerPriceAgreements,
      create: { agreement_number: "PA-1", dealer_id: dealerId, product_id: productId, fixed_price: "80", valid_from: "2026-01-01" },
      patch: { status: "active" },
      list: { dealer_id: dealerId, search: "pa-1" },
      bad: {
        input: { agreement_number: "PA-2", dealer_id: dealerId, discount_percent: "120", valid_from: "2026-01-01" },
        field: "discount_percent",
      },
      end: { archive: "cancelled" },
    });
    // Neither a discount nor a fixed price: refused by the table's CHECK.
    await expectCode(
      channels.dealerPriceAgreements.create.mutate({ agreement_number: "PA-3", dealer_id: dealerId, valid_from: "2026-01-01" }),
      "BAD_REQUEST",
    );
  });

  test("marketplace accounts never return their settings; channel products; partner referrals", async () => {
    const account = await expectCrudLifecycle({
      mine: channels.marketplaceAccounts,
      theirs: theirs.marketplaceAccounts,
      create: { channel_id: channelId, marketplace: "Amazon", external_account_id: "A-1", name: "Amazon DE" },
      patch: { region: "EU" },
      list: { channel_id: channelId, search: "amazon" },
      bad: { input: { channel_id: channelId, marketplace: "", external_account_id: "A-2", name: "x" }, field: "marketplace" },
      end: "keep",
    });
    expect(account).not.toHaveProperty("settings");
    expect((await channels.marketplaceAccounts.list.query({})).items.every((row) => !("settings" in row))).toBe(true);
    await expectCrudLifecycle({
      mine: channels.channelProducts,
      theirs: theirs.channelProducts,
      create: { channel_id: channelId, product_id: productId, marketplace_account_id: account.id, channel_sku: "AMZ-LAMP", price: "120" },
      patch: { is_listed: true, external_listing_id: "L-1" },
      list: { channel_id: channelId, search: "amz" },
      bad: { input: { channel_id: channelId, product_id: productId, channel_sku: "AMZ-2", price: "-1" }, field: "price" },
      end: "keep",
    });
    expect(
      await expectCode(
        channels.channelProducts.create.mutate({ channel_id: channelId, product_id: productId, channel_sku: "AMZ-LAMP-2", price: "1" }),
        "CONFLICT",
      ),
    ).toBeTruthy();
    expect((await channels.marketplaceAccounts.archive.mutate({ id: account.id })).status).toBe("closed");

    await expectCrudLifecycle({
      mine: channels.partnerReferrals,
      theirs: theirs.partnerReferrals,
      create: { community_partner_id: partnerId, referral_code: "ANN10", source: "instagram" },
      patch: { source: "newsletter" },
      list: { community_partner_id: partnerId, status: "pending", search: "ann10" },
      bad: { input: { community_partner_id: "not-a-uuid" }, field: "community_partner_id" },
      end: { archive: "expired" },
    });
    // 'converted' needs the order it converted into: the table's CHECK.
    await expectCode(channels.partnerReferrals.create.mutate({ community_partner_id: partnerId, status: "converted" }), "BAD_REQUEST");
  });

  test("royalties, channel orders and dealer orders are read-only records of this tenant", async () => {
    const found = await getTenant(api.platform.pool, tenant.slug);
    const royaltyId = await withTenantTransaction(api.tenantPool, found, (tx) =>
      tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
        INSERT INTO franchise_royalties (franchisee_id, period_start, period_end, gross_sales, royalty_rate, royalty_amount)
        VALUES (${franchiseeId}, '2026-01-01', '2026-01-31', 1000, 5, 50) RETURNING id`),
    );
    expect(await channels.franchiseRoyalties.get.query({ id: royaltyId })).toMatchObject({ status: "pending", royalty_amount: "50.0000" });
    expect((await channels.franchiseRoyalties.list.query({ franchisee_id: franchiseeId })).items.map((row) => row.id)).toEqual([royaltyId]);
    await expectCode(theirs.franchiseRoyalties.get.query({ id: royaltyId }), "NOT_FOUND");
    expect((await theirs.franchiseRoyalties.list.query({})).items).toEqual([]);
    expect((await channels.channelOrders.list.query({ channel_id: channelId })).items).toEqual([]);
    expect((await channels.dealerOrders.list.query({ dealer_id: dealerId })).items).toEqual([]);
    await expectCode(channels.dealerOrders.get.query({ id: royaltyId }), "NOT_FOUND");
    await expectCode(channels.channelOrders.get.query({ id: royaltyId }), "NOT_FOUND");
    expect(await expectCode(channels.franchiseRoyalties.list.query({ status: "late" as never }), "BAD_REQUEST")).toMatch(/status/);
  });
});

test("tier gate: a growth tenant is refused the channels master data (FORBIDDEN)", async () => {
  await expectCode(growth.client.channels.territories.list.query({}), "FORBIDDEN");
  await expectCode(
    growth.client.channels.marketplaceAccounts.create.mutate({
      channel_id: channelId,
      marketplace: "x",
      external_account_id: "y",
      name: "z",
    }),
    "FORBIDDEN",
  );
  await expectCode(growth.client.channels.franchiseRoyalties.list.query({}), "FORBIDDEN");
});
