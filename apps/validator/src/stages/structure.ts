import { describeSchema, diffSchemaDescriptions, templateSchema } from "@erp/db";
import pLimit from "p-limit";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import type { Progress, StageOutcome } from "../stage.ts";
import type { ValidationTenant } from "./provisioning.ts";

export type StructureData = {
  tenantsCompared: number;
  entriesPerSchema: number;
  /** Per tenant: catalog entries that differ from the template, and privileges that are wrong. */
  differences: { slug: string; catalog: string[]; privileges: string[] }[];
};

const missingPrivilege = z.object({ relation: z.string(), privilege: z.string() });
const strayUsage = z.object({ schema: z.string() });

/**
 * Stage 3: every tenant's catalog (columns, types, defaults, nullability, constraints, indexes,
 * triggers, sequences, functions) equals the template's, and its role has DML on each of its own
 * tables and sequences but no USAGE on `platform`, `template_tenant` or any other tenant's schema.
 */
export async function structureStage(
  pool: DatabasePool,
  tenants: readonly ValidationTenant[],
  progress: Progress,
): Promise<StageOutcome<StructureData>> {
  progress.start(tenants.length + 1, "schemas");
  const template = await describeSchema(pool, templateSchema);
  progress.tick();
  const foreignSchemas = [templateSchema, "platform", ...tenants.map((tenant) => tenant.schemaName)];
  const differences: StructureData["differences"] = [];
  // Two at a time: the catalog queries are PostgreSQL work, and the machines have two cores.
  await pLimit(2).map(tenants, async (tenant) => {
    const catalog = diffSchemaDescriptions(template, await describeSchema(pool, tenant.schemaName));
    const privileges = await privilegeProblems(pool, tenant, foreignSchemas);
    if (catalog.length > 0 || privileges.length > 0) differences.push({ slug: tenant.slug, catalog, privileges });
    progress.tick();
  });
  differences.sort((a, b) => a.slug.localeCompare(b.slug));
  const entriesPerSchema = Object.values(template).reduce((sum, list) => sum + list.length, 0);
  const problems = differences.flatMap(({ slug, catalog, privileges }) => [...catalog, ...privileges].map((line) => `${slug}: ${line}`));
  return {
    summary: `${tenants.length} tenants × ${entriesPerSchema.toLocaleString("en-US")} catalog entries and privileges compared; ${differences.length} tenants differ (${problems.length} differences)`,
    problems,
    data: { tenantsCompared: tenants.length, entriesPerSchema, differences },
  };
}

async function privilegeProblems(pool: DatabasePool, tenant: ValidationTenant, foreignSchemas: readonly string[]): Promise<string[]> {
  // has_table_privilege with a list answers "any of them", so each privilege is asked on its own.
  const missing = await pool.any(sql.type(missingPrivilege)`
    SELECT c.relname AS relation, p.privilege
    FROM pg_class c
    CROSS JOIN LATERAL unnest(CASE WHEN c.relkind = 'S' THEN ARRAY['USAGE', 'SELECT', 'UPDATE']
                                   ELSE ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'] END) AS p(privilege)
    WHERE c.relnamespace = ${tenant.schemaName}::regnamespace AND c.relkind IN ('r', 'p', 'S')
      AND NOT (CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(${tenant.roleName}, c.oid, p.privilege)
                    ELSE has_table_privilege(${tenant.roleName}, c.oid, p.privilege) END)
    ORDER BY 1, 2`);
  const stray = await pool.any(sql.type(strayUsage)`
    SELECT n.nspname AS schema FROM pg_namespace n
    WHERE n.nspname = ANY(${sql.array(foreignSchemas, "text")}) AND n.nspname <> ${tenant.schemaName}
      AND (has_schema_privilege(${tenant.roleName}, n.oid, 'USAGE') OR has_schema_privilege(${tenant.roleName}, n.oid, 'CREATE'))
    ORDER BY 1`);
  const ownUsage = await pool.oneFirst(
    sql.type(z.object({ usage: z.boolean() }))`SELECT has_schema_privilege(${tenant.roleName}, ${tenant.schemaName}, 'USAGE') AS usage`,
  );
  return [
    ...(ownUsage ? [] : [`role ${tenant.roleName} has no USAGE on its own schema`]),
    ...missing.map((row) => `role ${tenant.roleName} lacks ${row.privilege} on ${row.relation}`),
    ...stray.map((row) => `role ${tenant.roleName} can reach schema ${row.schema}`),
  ];
}
