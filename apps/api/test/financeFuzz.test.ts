import { afterAll, beforeAll, expect, test } from "vitest";
import { listProcedures } from "../src/listProcedures.ts";
import { appRouter } from "../src/routers/_app.ts";
import { fuzzProcedure } from "./support/fuzzProcedure.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

// The shared fuzz runs on a starter tenant, where finance answers FORBIDDEN before any input is
// read; here the finance procedures meet arbitrary input on a growth tenant with real ids.
let api: TestApi;
let token: string;
let ids: string[];

beforeAll(async () => {
  api = await startTestApi();
  const tenant = await api.provision("finfuzz", "growth");
  const { finance } = tenant.client;
  const accounts = (await finance.accounts.list.query({ limit: 100 })).items.filter((account) => account.is_postable);
  const periods = (await finance.periods.list.query({})).items;
  const today = new Date().toISOString().slice(0, 10);
  const [debit, credit] = accounts;
  const draft = await finance.journals.create.mutate({
    date: today,
    description: "Seed entry",
    lines: [
      { account_id: debit?.id ?? "", debit: "5" },
      { account_id: credit?.id ?? "", credit: "5" },
    ],
  });
  const posted = await finance.journals.post.mutate({ id: draft.id });
  const other = await finance.journals.create.mutate({
    date: today,
    description: "Draft",
    lines: draft.lines.map((line) => ({ account_id: line.account_id, debit: line.credit, credit: line.debit })),
  });
  ids = [...accounts.slice(0, 4).map((account) => account.id), ...periods.slice(-3).map((period) => period.id), posted.id, other.id];
  token = (await tenant.client.auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password })).token;
});
afterAll(async () => api?.close());

const procedures = listProcedures(appRouter)
  .filter(({ path }) => /^finance\.(fiscalYears|periods|journals|entries|ledger|reports)\./.test(path))
  .map((procedure) => [procedure.path, procedure] as const);

test("every finance operation is fuzzed", () => {
  expect(procedures.length).toBe(15);
});

test.for(procedures)("%s answers any input with 2xx or 4xx, never 5xx", async ([, procedure]) => {
  const statuses = await fuzzProcedure(api.url, procedure, { headers: { authorization: `Bearer ${token}` }, ids, numRuns: 25 });
  expect(statuses.has(401) || statuses.has(403)).toBe(false);
});
