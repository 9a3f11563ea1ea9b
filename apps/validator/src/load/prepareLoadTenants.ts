import { pickValues, type Scenario } from "@erp/load-tests/scenario";
import { tierModules } from "@erp/tenancy";
import { callProcedure } from "../api/callProcedure.ts";
import type { ValidationApi } from "../api/validationApi.ts";
import type { ValidationTenant } from "../stages/provisioning.ts";
import type { LoadTenant } from "./loadSample.ts";

/** Signs each tenant in (typed client) and reads the fixtures of the modules its tier serves, as the k6 setup does. */
export async function prepareLoadTenants(
  api: ValidationApi,
  scenario: Scenario,
  tenants: readonly ValidationTenant[],
): Promise<LoadTenant[]> {
  return Promise.all(
    tenants.map(async (tenant) => {
      const token = await api.login(tenant);
      const modules = tierModules[tenant.tier];
      const fixtures: Record<string, unknown[]> = {};
      for (const [name, fixture] of Object.entries(scenario.fixtures)) {
        if (!modules.includes(fixture.procedure.split(".")[0] as never)) continue;
        const result = await callProcedure(api.url, fixture.procedure, "query", fixture.input ?? null, {
          authorization: `Bearer ${token}`,
        });
        if (!result.ok)
          throw new Error(
            `Fixture ${name} of ${tenant.slug}: ${fixture.procedure} answered ${result.code ?? result.status} ${result.message}`,
          );
        fixtures[name] = pickValues(result.data, fixture.pick);
      }
      return { slug: tenant.slug, token, modules, fixtures };
    }),
  );
}
