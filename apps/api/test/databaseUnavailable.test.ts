import { createErpClient } from "@erp/client";
import { openPlatform, type Platform, TenantPool } from "@erp/db";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createSignInGuard, defaultSignInSettings } from "../src/auth/createSignInGuard.ts";
import { createUserCache } from "../src/auth/createUserCache.ts";
import { createLogger } from "../src/logging/createLogger.ts";
import { createApp, type RunningServer, startServer } from "../src/server.ts";
import { createTenantDirectory } from "../src/tenancy/createTenantDirectory.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcpProxy.ts";

let api: TestApi;
let tenant: TestTenant;
let proxy: TcpProxy;
let platform: Platform;
let server: RunningServer;

// A second server whose every connection goes through a TCP relay that the test cuts: the
// database is then gone for this server exactly as during a restart, and back when restored.
beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("outage");
  proxy = await startTcpProxy(api.db.url);
  platform = await openPlatform({ url: proxy.url, maxPoolSize: 4 });
  server = await startServer({ env: api.env, platform, port: 0, log: createLogger("error") });
});
afterAll(async () => {
  await server?.close();
  await platform?.pool.end();
  await proxy?.close();
  await api?.close();
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: JSON.stringify(await response.json()) };
}

test("while the database is away every request answers 503 with Retry-After, and service resumes without a restart", async () => {
  const { token } = await createErpClient({ url: server.url }).auth.login.mutate({
    tenant: tenant.slug,
    email: tenant.email,
    password: tenant.password,
  });
  const asUser = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  expect((await call("/trpc/auth.me", { headers: asUser })).status).toBe(200);

  await proxy.cut();
  const unavailable = {
    status: 503,
    retryAfter: "2",
    body: expect.stringContaining("The database is not available at the moment; try again in a few seconds."),
  };
  // A read and a write of a signed-in user (tenant and user cached), a sign-in, an operator call.
  expect(await call("/trpc/auth.me", { headers: asUser })).toEqual(unavailable);
  const write = { method: "POST", headers: asUser, body: JSON.stringify({ slug: "during-outage", name: "During outage" }) };
  expect(await call("/trpc/catalog.brands.create", write)).toEqual(unavailable);
  const login = JSON.stringify({ tenant: tenant.slug, email: tenant.email, password: tenant.password });
  expect(await call("/trpc/auth.login", { method: "POST", headers: { "content-type": "application/json" }, body: login })).toEqual(
    unavailable,
  );
  expect(
    await call(`/trpc/platform.tenants.list?input=${encodeURIComponent("{}")}`, { headers: { "x-operator-key": api.env.operatorKey } }),
  ).toEqual(unavailable);
  expect(await call("/readyz")).toMatchObject({ status: 503, retryAfter: "2" });

  await proxy.restore();
  await expect.poll(async () => (await call("/trpc/auth.me", { headers: asUser })).status, { timeout: 20_000, interval: 100 }).toBe(200);
  expect((await call("/trpc/catalog.brands.create", write)).status).toBe(200);
  expect((await call("/readyz")).status).toBe(200);
});

test("a request that waited too long for a pooled connection answers 503 with Retry-After", async () => {
  // One connection, held by someone else for the whole request: the pool gives up after its 5 s wait.
  const tenantPool = await TenantPool.open(api.db.url, { maxPoolSize: 1 });
  const held = await tenantPool.connect();
  try {
    const app = createApp({
      platform: api.platform,
      tenantPool,
      tenants: createTenantDirectory(api.platform.pool, 0),
      users: createUserCache(0),
      tokenSecret: api.env.tokenSecret,
      tokenTtlSeconds: 3600,
      operatorKey: api.env.operatorKey,
      log: createLogger("error"),
      signIns: createSignInGuard(defaultSignInSettings()),
    });
    const { token } = await createErpClient({ url: api.url }).auth.login.mutate({
      tenant: tenant.slug,
      email: tenant.email,
      password: tenant.password,
    });
    const response = await app.request("/trpc/auth.me", { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
  } finally {
    held.release();
    await tenantPool.end();
  }
});
