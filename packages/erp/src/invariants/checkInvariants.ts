import { modules as allModules, type Module, tierModules, tierSchema } from "@erp/tenancy";
import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import { analyticsInvariants } from "./analyticsInvariants.ts";
import { analyticsRollupInvariants } from "./analyticsRollupInvariants.ts";
import { bankingInvariants } from "./bankingInvariants.ts";
import { channelsInvariants } from "./channelsInvariants.ts";
import { cmsInvariants } from "./cmsInvariants.ts";
import { financeInvariants } from "./financeInvariants.ts";
import { hrInvariants } from "./hrInvariants.ts";
import type { Invariant, InvariantResult } from "./invariant.ts";
import { inventoryInvariants } from "./inventoryInvariants.ts";
import { planningInvariants } from "./planningInvariants.ts";
import { procurementInvariants } from "./procurementInvariants.ts";
import { receivableInvariants } from "./receivableInvariants.ts";
import { salesInvariants } from "./salesInvariants.ts";
import { serviceInvariants } from "./serviceInvariants.ts";

export const invariants: readonly Invariant[] = [
  ...salesInvariants,
  ...inventoryInvariants,
  ...procurementInvariants,
  ...financeInvariants,
  ...receivableInvariants,
  ...bankingInvariants,
  ...analyticsInvariants,
  ...analyticsRollupInvariants,
  ...planningInvariants,
  ...serviceInvariants,
  ...hrInvariants,
  ...cmsInvariants,
  ...channelsInvariants,
];

const outcome = z.object({ checked: z.number(), problems: z.number(), example: z.string().nullable() });

/**
 * The system's rules over a tenant's data, whoever wrote it (the API's operations, the demo data,
 * seedAtScale): the validator and the tests hold every tenant to them.
 *
 * Checks a tenant's data the way an accountant and a warehouse manager would (totals add up,
 * stock equals its movements, the books balance and match the documents, rollups equal the raw
 * orders, dates follow each other), one query per rule, for the modules its tier serves (by
 * default looked up in the registry; a schema outside it gets every rule). Works on any tenant,
 * seeded or not: a module without rows passes.
 */
export async function checkInvariants(
  connection: CommonQueryMethods,
  schemaName: string,
  options: { modules?: readonly Module[] } = {},
): Promise<InvariantResult[]> {
  const served = options.modules ?? (await tenantModules(connection, schemaName));
  const table = (name: string) => sql.identifier([schemaName, name]);
  const results: InvariantResult[] = [];
  for (const invariant of invariants.filter((candidate) => served.includes(candidate.module))) {
    const { checked, problems, example } = await connection.one(sql.type(outcome)`
      SELECT count(*)::integer AS checked, count(*) FILTER (WHERE ok IS NOT TRUE)::integer AS problems,
        min(detail) FILTER (WHERE ok IS NOT TRUE) AS example
      FROM (${invariant.query(table)}) rows`);
    results.push({
      name: invariant.name,
      ok: problems === 0,
      detail:
        problems === 0
          ? `${invariant.subjects} checked: ${checked}`
          : `${problems} of ${checked} ${invariant.subjects} wrong, e.g. ${example}`,
    });
  }
  return results;
}

async function tenantModules(connection: CommonQueryMethods, schemaName: string): Promise<readonly Module[]> {
  const tier = await connection.maybeOneFirst(
    sql.type(z.object({ tier: tierSchema }))`SELECT tier FROM platform.tenants WHERE schema_name = ${schemaName}`,
  );
  return tier ? tierModules[tier] : allModules;
}
