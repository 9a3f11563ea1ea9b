import { afterAll, beforeAll, expect, test } from "vitest";
import { listProcedures } from "../src/listProcedures.ts";
import { appRouter } from "../src/routers/_app.ts";
import { openShop } from "./support/fixtures.ts";
import { fuzzProcedure } from "./support/fuzzProcedure.ts";
import { operatorKey, startTestApi, type TestApi } from "./support/startTestApi.ts";

// Procedures that would end the fuzzing session or build real tenants (≈ 1 s each, cluster-wide
// roles) are fuzzed without credentials, where they must answer UNAUTHORIZED.
const destructive = new Set(["auth.logout", "platform.tenants.provision", "platform.tenants.deprovision", "platform.tenants.suspend"]);

let api: TestApi;
let token: string;
let ids: string[];

beforeAll(async () => {
  api = await startTestApi();
  // Enterprise: every module is served, so inputs reach the operations, not only the tier gate.
  const tenant = await api.provision("fuzz", "enterprise");
  const shop = await openShop(tenant.client, "F", 5);
  ids = Object.values(shop).filter((value) => /^[0-9a-f-]{36}$/.test(value));
  token = (await tenant.client.auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password })).token;
});
afterAll(async () => api?.close());

const procedures = listProcedures(appRouter).map((procedure) => [procedure.path, procedure] as const);

test.for(procedures)("%s answers any input with 2xx or 4xx, never 5xx", async ([path, procedure]) => {
  const headers: Record<string, string> = {};
  if (!destructive.has(path))
    Object.assign(headers, path.startsWith("platform.") ? { "x-operator-key": operatorKey } : { authorization: `Bearer ${token}` });
  const statuses = await fuzzProcedure(api.url, procedure, { headers, ids, numRuns: path.startsWith("auth.users.create") ? 5 : 15 });
  if (destructive.has(path)) expect([...statuses]).toEqual([401]);
  // Most inputs must get past authentication, or the fuzz would test nothing but the token check.
  else if (path !== "auth.login") expect(statuses.has(401)).toBe(false);
});
