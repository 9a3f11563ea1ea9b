import { createErpClient, type ErpClient } from "@erp/client";
import { apiRoleName, findPgError, rawQuery } from "@erp/db";
import { TRPCError } from "@trpc/server";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createSignInGuard } from "../src/auth/createSignInGuard.ts";
import { createUserCache } from "../src/auth/createUserCache.ts";
import { createContextInner } from "../src/context.ts";
import { createLogger } from "../src/logging/createLogger.ts";
import { appRouter } from "../src/routers/_app.ts";
import { createTenantDirectory } from "../src/tenancy/createTenantDirectory.ts";
import { createCallerFactory, moduleProcedure, router } from "../src/trpc.ts";
import { expectCode } from "./support/expectCode.ts";
import { openShop, type Shop } from "./support/fixtures.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

// One pooled connection: every request of both tenants runs on the same PostgreSQL backend.
let api: TestApi;
let alpha: TestTenant;
let beta: TestTenant;
let betaShop: Shop;

beforeAll(async () => {
  api = await startTestApi({ maxPoolSize: 1 });
  [alpha, beta] = [await api.provision("alpha"), await api.provision("beta", "enterprise")];
  await openShop(alpha.client, "A", 5);
  betaShop = await openShop(beta.client, "B", 5);
});
afterAll(async () => api?.close());

/** A tRPC caller's context over the test's own one-connection tenant pool, signed in as `tenant`'s admin. */
async function callerContext(tenant: TestTenant, requestId: string) {
  const { token } = await createErpClient({ url: api.url }).auth.login.mutate({
    tenant: tenant.slug,
    email: tenant.email,
    password: tenant.password,
  });
  const deps = {
    platform: api.platform,
    tenantPool: api.tenantPool,
    tenants: createTenantDirectory(api.platform.pool, 0),
    users: createUserCache(0),
    signIns: createSignInGuard(api.env.signIns),
    tokenSecret: api.env.tokenSecret,
    tokenTtlSeconds: api.env.tokenTtlSeconds,
    operatorKey: api.env.operatorKey,
    log: createLogger("error"),
  };
  return createContextInner(deps, { requestId, token });
}

describe("tier gate", () => {
  // The gate on its own: a procurement procedure built from the same building blocks, called through
  // createCaller with a real token (modules.test.ts covers the served routers over HTTP).
  const probe = router({ vendors: moduleProcedure("procurement").query(() => "served") });
  const callProbe = async (tenant: TestTenant) => createCallerFactory(probe)(await callerContext(tenant, "tier-probe")).vendors();

  test("refuses a module outside the tenant's tier with FORBIDDEN naming module and tier", async () => {
    const error = await callProbe(alpha).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");
    expect((error as TRPCError).message).toBe("The procurement module is not part of the starter tier (it comes with growth).");
  });

  test("serves it to a tier that includes it", async () => {
    expect(await callProbe(beta)).toBe("served");
  });

  test("a starter tenant's modules are exactly catalog, sales and inventory", async () => {
    expect((await alpha.client.auth.me.query()).tenant.modules).toEqual(["catalog", "sales", "inventory"]);
  });
});

describe("permission gate", () => {
  let viewer: ErpClient;
  let staff: ErpClient;

  beforeAll(async () => {
    await alpha.client.auth.users.create.mutate({
      email: "viewer@alpha.test",
      displayName: "Viewer",
      password: "viewer-password-1",
      roles: ["viewer"],
    });
    await alpha.client.auth.users.create.mutate({
      email: "staff@alpha.test",
      displayName: "Staff",
      password: "staff-password-12",
      roles: ["staff"],
    });
    viewer = await api.signIn(alpha.slug, "viewer@alpha.test", "viewer-password-1");
    staff = await api.signIn(alpha.slug, "staff@alpha.test", "staff-password-12");
  });

  test("a viewer reads but cannot write, and is told which permission is missing", async () => {
    expect((await viewer.catalog.products.list.query({})).items.length).toBeGreaterThan(0);
    const message = await expectCode(viewer.catalog.brands.create.mutate({ slug: "acme", name: "Acme" }), "FORBIDDEN");
    expect(message).toMatch(/viewer.*catalog\.write/);
    await expectCode(viewer.inventory.warehouses.create.mutate({ code: "W2", name: "Second" }), "FORBIDDEN");
    expect((await alpha.client.catalog.brands.list.query({ search: "acme" })).items).toEqual([]);
  });

  test("staff write day-to-day data but cannot manage users", async () => {
    await staff.catalog.brands.create.mutate({ slug: "staff-brand", name: "Staff brand" });
    await expectCode(staff.auth.users.list.query({}), "FORBIDDEN");
  });
});

describe("cross-tenant access", () => {
  test("tenant A's token with tenant B's ids finds nothing on every get, update and workflow", async () => {
    const order = await beta.client.sales.orders.create.mutate({
      customer_id: betaShop.customerId,
      lines: [{ product_variant_id: betaShop.variantId, quantity: 1 }],
    });
    const category = await beta.client.catalog.categories.create.mutate({ slug: "beta-only", name: "Beta only" });
    const brand = await beta.client.catalog.brands.create.mutate({ slug: "beta-brand", name: "Beta brand" });
    const priceList = await beta.client.catalog.priceLists.create.mutate({ code: "BETA", name: "Beta prices" });
    const address = await beta.client.sales.addresses.create.mutate({
      customer_id: betaShop.customerId,
      line1: "1 Beta Road",
      city: "Betaville",
      country: "DE",
    });
    const zone = await beta.client.inventory.zones.create.mutate({ warehouse_id: betaShop.warehouseId, code: "Z1", name: "Zone 1" });
    const bin = await beta.client.inventory.bins.create.mutate({ zone_id: zone.id, code: "B1" });
    const a = alpha.client;

    const attempts: [string, () => Promise<unknown>][] = [
      ["products.get", () => a.catalog.products.get.query({ id: betaShop.productId })],
      ["products.update", () => a.catalog.products.update.mutate({ id: betaShop.productId, patch: { name: "Stolen" } })],
      ["products.archive", () => a.catalog.products.archive.mutate({ id: betaShop.productId })],
      ["variants.get", () => a.catalog.variants.get.query({ id: betaShop.variantId })],
      ["variants.update", () => a.catalog.variants.update.mutate({ id: betaShop.variantId, patch: { price: "0" } })],
      ["categories.get", () => a.catalog.categories.get.query({ id: category.id })],
      ["categories.update", () => a.catalog.categories.update.mutate({ id: category.id, patch: { name: "x" } })],
      ["brands.get", () => a.catalog.brands.get.query({ id: brand.id })],
      ["brands.update", () => a.catalog.brands.update.mutate({ id: brand.id, patch: { name: "x" } })],
      ["priceLists.get", () => a.catalog.priceLists.get.query({ id: priceList.id })],
      ["priceLists.update", () => a.catalog.priceLists.update.mutate({ id: priceList.id, patch: { name: "x" } })],
      ["customers.get", () => a.sales.customers.get.query({ id: betaShop.customerId })],
      ["customers.update", () => a.sales.customers.update.mutate({ id: betaShop.customerId, patch: { name: "x" } })],
      ["addresses.get", () => a.sales.addresses.get.query({ id: address.id })],
      ["addresses.update", () => a.sales.addresses.update.mutate({ id: address.id, patch: { city: "x" } })],
      ["orders.get", () => a.sales.orders.get.query({ id: order.id })],
      ["orders.confirm", () => a.sales.orders.confirm.mutate({ id: order.id })],
      ["orders.cancel", () => a.sales.orders.cancel.mutate({ id: order.id })],
      ["warehouses.get", () => a.inventory.warehouses.get.query({ id: betaShop.warehouseId })],
      ["warehouses.update", () => a.inventory.warehouses.update.mutate({ id: betaShop.warehouseId, patch: { name: "x" } })],
      ["zones.get", () => a.inventory.zones.get.query({ id: zone.id })],
      ["zones.update", () => a.inventory.zones.update.mutate({ id: zone.id, patch: { name: "x" } })],
      ["bins.get", () => a.inventory.bins.get.query({ id: bin.id })],
      ["bins.update", () => a.inventory.bins.update.mutate({ id: bin.id, patch: { aisle: "x" } })],
      [
        "stock.adjust",
        () => a.inventory.stock.adjust.mutate({ product_id: betaShop.productId, warehouse_id: betaShop.warehouseId, quantity_change: -1 }),
      ],
      [
        "orders.create",
        () =>
          a.sales.orders.create.mutate({
            customer_id: betaShop.customerId,
            lines: [{ product_variant_id: betaShop.variantId, quantity: 1 }],
          }),
      ],
    ];
    for (const [name, attempt] of attempts) {
      await expect(expectCode(attempt(), "NOT_FOUND"), name).resolves.toBeTypeOf("string");
    }
    expect((await beta.client.sales.orders.get.query({ id: order.id })).status).toBe("draft");
    expect((await beta.client.catalog.products.get.query({ id: betaShop.productId })).name).toBe("Mug B");
  });

  test("a pooled connection reused across tenants never shows the previous tenant's rows", async () => {
    // maxPoolSize 1: alternate tenants on the one backend; each must see exactly its own products.
    for (let round = 0; round < 5; round++) {
      const [fromAlpha, fromBeta] = await Promise.all([
        alpha.client.catalog.products.list.query({}),
        beta.client.catalog.products.list.query({}),
      ]);
      expect(fromAlpha.items.map((product) => product.sku)).toEqual(["MUG-A"]);
      expect(fromBeta.items.map((product) => product.sku)).toEqual(["MUG-B"]);
    }
  });
});

describe("a request that runs SQL on its connection", () => {
  // Deliberately injectable: runs the SQL it is given inside the tenant's transaction, as an
  // injection in a handler would. The database alone must keep it inside the tenant.
  const injectable = router({
    run: moduleProcedure("catalog")
      .input(z.array(z.string()))
      .mutation(async ({ ctx, input }) => {
        for (const text of input) await ctx.tx.query(rawQuery(text));
        return "ran";
      }),
  });
  const inject = async (tenant: TestTenant, statements: string[]) =>
    createCallerFactory(injectable)(await callerContext(tenant, "injection"))
      .run(statements)
      .catch((error: unknown) => findPgError(error)?.code ?? String(error));

  test("the server's tenant connections log in as the API role, which is no superuser", async () => {
    await alpha.client.catalog.products.list.query({});
    const logins = await api.db.pool.any(sql.type(z.object({ login: z.string(), superuser: z.boolean() }))`
      SELECT DISTINCT a.usename AS login, r.rolsuper AS superuser
      FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid
      WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND NOT r.rolsuper`);
    expect(logins).toEqual([{ login: apiRoleName, superuser: false }]);
  });

  const settingsProbe = router({
    settings: moduleProcedure("catalog").query(({ ctx }) =>
      ctx.tx.one(sql.type(z.object({ workMem: z.string(), timeout: z.string(), searchPath: z.string() }))`
        SELECT current_setting('work_mem') AS "workMem", current_setting('statement_timeout') AS timeout,
               current_setting('search_path') AS "searchPath"`),
    ),
  });
  const settingsOf = async (tenant: TestTenant) => createCallerFactory(settingsProbe)(await callerContext(tenant, "settings")).settings();

  test("cannot escape its role, shadow another tenant's table or leave session state to the next tenant", async () => {
    const before = await settingsOf(beta);
    expect(await inject(alpha, ["SELECT set_config('role', 'none', true)", "SELECT * FROM platform.tenants"])).toBe("42501");
    expect(await inject(alpha, ["RESET ROLE", "SELECT * FROM platform.tenants"])).toBe("42501");
    expect(await inject(alpha, ["CREATE TEMP TABLE customers (LIKE customers)"])).toBe("42501");
    expect(await inject(alpha, ["SELECT set_config('work_mem', '77MB', false)"])).toBe("42501");
    const leftovers = ["SET work_mem = '77MB'", "SET statement_timeout = '123s'", "SET SESSION search_path = public"];
    expect(await inject(alpha, [...leftovers, "SET default_transaction_read_only = on"])).toBe("ran");

    // Beta's next request on the same (only) connection: its own settings and its own table.
    const betaCaller = createCallerFactory(appRouter)(await callerContext(beta, "after-injection"));
    const created = await betaCaller.sales.customers.create({ name: "After the attack", type: "individual" });
    expect((await betaCaller.sales.customers.get({ id: created.id })).name).toBe("After the attack");
    expect(await settingsOf(beta)).toEqual(before);
  });
});
