import { createErpClient, type ErpClient } from "@erp/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("audit");
});
afterAll(async () => api?.close());

/** A token of a new session of the tenant's admin. */
async function adminToken(): Promise<string> {
  const { token } = await createErpClient({ url: api.url }).auth.login.mutate({
    tenant: tenant.slug,
    email: tenant.email,
    password: tenant.password,
  });
  return token;
}

/** A client whose requests carry the given x-request-id, and that remembers the one each response names. */
function clientWithRequestId(token: string, requestId: string): { client: ErpClient; answered: string[] } {
  const answered: string[] = [];
  const client = createErpClient({
    url: api.url,
    token,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("x-request-id", requestId);
      const response = await fetch(input, { ...init, headers });
      answered.push(response.headers.get("x-request-id") ?? "");
      return response;
    },
  });
  return { client, answered };
}

describe("audit trail of CRUD writes", () => {
  test("an update records one row with only the changed fields, the user and the request id", async () => {
    const { client, answered } = clientWithRequestId(await adminToken(), "audit-update-0001");
    const me = await client.auth.me.query();
    const brand = await client.catalog.brands.create.mutate({ slug: "audited", name: "Audited", description: "same" });
    // The slug and description are sent unchanged: only the name changes.
    await client.catalog.brands.update.mutate({ id: brand.id, patch: { name: "Audited twice", slug: "audited", description: "same" } });
    expect(answered.at(-1)).toBe("audit-update-0001");

    const { items } = await tenant.client.audit.log.list.query({ entity: "brands", entity_id: brand.id });
    expect(items.map((row) => row.action)).toEqual(["update", "create"]);
    const [update, create] = items;
    expect(update).toMatchObject({
      entity: "brands",
      entity_id: brand.id,
      user_id: me.user.id,
      request_id: "audit-update-0001",
      data: { before: { name: "Audited" }, after: { name: "Audited twice" } },
    });
    expect(create?.data).toMatchObject({ before: null, after: { id: brand.id, slug: "audited", name: "Audited", description: "same" } });
  });

  test("archive and the filters: by user, and pages newest first", async () => {
    const brand = await tenant.client.catalog.brands.create.mutate({ slug: "archived-one", name: "Archived one" });
    await tenant.client.catalog.brands.archive.mutate({ id: brand.id });
    const first = await tenant.client.audit.log.list.query({ entity_id: brand.id, limit: 1 });
    expect(first.items.map((row) => [row.action, row.data])).toEqual([
      ["archive", { before: { status: "active" }, after: { status: "archived" } }],
    ]);
    expect(first.nextCursor).not.toBeNull();
    const second = await tenant.client.audit.log.list.query({ entity_id: brand.id, limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((row) => row.action)).toEqual(["create"]);
    expect(second.nextCursor).toBeNull();
    const me = await tenant.client.auth.me.query();
    const mine = await tenant.client.audit.log.list.query({ user_id: me.user.id, limit: 100 });
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.items.every((row) => row.user_id === me.user.id)).toBe(true);
    const nobody = await tenant.client.audit.log.list.query({ user_id: "00000000-0000-7000-8000-000000000000" });
    expect(nobody.items).toEqual([]);
  });

  test("a viewer cannot read the audit log", async () => {
    await tenant.client.auth.users.create.mutate({
      email: "viewer@audit.test",
      displayName: "Viewer",
      password: "viewer-password-1",
      roles: ["viewer"],
    });
    const viewer = await api.signIn(tenant.slug, "viewer@audit.test", "viewer-password-1");
    const message = await expectCode(viewer.audit.log.list.query({}), "FORBIDDEN");
    expect(message).toMatch(/audit\.read/);
  });

  test("a write that is rolled back leaves no audit row", async () => {
    const brand = await tenant.client.catalog.brands.create.mutate({ slug: "rolled-back", name: "Before" });
    // A second session of the admin, seen once (its user is cached), then signed out: its next
    // write runs in full (update and audit row) before the request learns the session has ended,
    // and the whole transaction is rolled back.
    const session = createErpClient({ url: api.url, token: await adminToken() });
    await session.auth.me.query();
    await session.auth.logout.mutate();
    await expectCode(session.catalog.brands.update.mutate({ id: brand.id, patch: { name: "After" } }), "UNAUTHORIZED");

    expect((await tenant.client.catalog.brands.get.query({ id: brand.id })).name).toBe("Before");
    const { items } = await tenant.client.audit.log.list.query({ entity: "brands", entity_id: brand.id });
    expect(items.map((row) => row.action)).toEqual(["create"]);
  });
});
