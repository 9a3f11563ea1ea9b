import { randomUUID } from "node:crypto";
import { baselinePlatform, platformAtVersion } from "@erp/db/testing";
import { provisionTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

// Whole fleets of 268-table tenants on a shared machine: generous limits (the tests assert outcomes, never durations).
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let api: TestApi;
const password = "correct horse battery staple";
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

test("serves tenants on the API's template version and the one before; refuses others with SERVICE_UNAVAILABLE and a retry hint", async () => {
  const newest = api.platform.templateVersionNumber ?? 0;
  expect(newest).toBeGreaterThanOrEqual(1);
  // Builds of other versions, recorded as a deploy of that version would record them.
  const recordBuild = async (version: string, versionNumber: number) => {
    await api.db.pool.query(sql.unsafe`
      INSERT INTO platform.template_versions (version, version_number, statements, files, table_count)
      SELECT ${version}, ${versionNumber}, statements, files, table_count FROM platform.template_versions WHERE version = ${api.platform.templateVersion}`);
    return { pool: api.db.pool, templateVersion: version };
  };
  // A tenant still one version behind (a rollout under way) is served by this build.
  const behind = newest === 1 ? await baselinePlatform(api.db.pool) : await recordBuild("e0e0e0e0e0e0e0e0", newest - 1);
  const old = await provisionTenant(behind, { slug: api.db.slug("vprev"), tier: "starter", admin: { email: "a@v0.test", password } });
  const oldClient = await api.signIn(old.tenant.slug, "a@v0.test", password);
  expect((await oldClient.auth.me.query()).tenant).toMatchObject({ slug: old.tenant.slug });

  // A build two versions ahead: this API was not written for it.
  const ahead = await provisionTenant(await recordBuild("f0f0f0f0f0f0f0f0", newest + 2), {
    slug: api.db.slug("vnext"),
    tier: "starter",
    admin: { email: "a@v3.test", password },
  });
  const client = await api.signIn(ahead.tenant.slug, "a@v3.test", password);
  const message = await expectCode(client.auth.me.query(), "SERVICE_UNAVAILABLE");
  expect(message).toBe(
    `The tenant '${ahead.tenant.slug}' is being upgraded (template version ${newest + 2}; this server serves ${newest - 1} and ${newest}): retry in 30 seconds.`,
  );
  const response = await fetch(`${api.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${await tokenOf(ahead.tenant.slug)}` } });
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("30");
});

async function tokenOf(slug: string): Promise<string> {
  const response = await fetch(`${api.url}/trpc/auth.login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tenant: slug, email: "a@v3.test", password }),
  });
  return ((await response.json()) as { result: { data: { token: string } } }).result.data.token;
}

test("a tenant one version behind gets SERVICE_UNAVAILABLE with a retry hint where a procedure needs the newest change", async () => {
  const newest = api.platform.templateVersionNumber ?? 0;
  // A real build of the version before (baseline + every change but the newest): what a tenant
  // not yet migrated has.
  const behind = await provisionTenant(await platformAtVersion(api.db.pool, newest - 1), {
    slug: api.db.slug("vbehind"),
    tier: "professional",
    admin: { email: "a@behind.test", password },
  });
  const client = await api.signIn(behind.tenant.slug, "a@behind.test", password);
  // What both versions have still works.
  expect((await client.auth.me.query()).tenant).toMatchObject({ slug: behind.tenant.slug });
  expect((await client.sales.customers.list.query({ limit: 1 })).items).toEqual([]);
  // Partners' commission balances came with the module-gaps change (the newest when written: a
  // later change must point this at a table or column of its own).
  const message = await expectCode(client.channels.commissionPayouts.balance.query({ dealer_id: randomUUID() }), "SERVICE_UNAVAILABLE");
  expect(message).toBe(
    `The tenant '${behind.tenant.slug}' is being upgraded to template version ${newest}, which this request needs: retry in 30 seconds.`,
  );
});
