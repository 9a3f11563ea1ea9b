import {
  describeSchema,
  diffSchemaDescriptions,
  fingerprintSchema,
  NotFoundError,
  type SchemaDescription,
  schemaDescriptionShape,
} from "@erp/db";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";

const fleetRow = z.object({
  slug: z.string(),
  schemaName: z.string(),
  templateVersion: z.string(),
  versionNumber: z.number().int(),
  fingerprint: z.string().nullable(),
  schemaExists: z.boolean(),
});

export type TenantDrift = {
  slug: string;
  versionNumber: number;
  /** What differs from the recorded build ("missing …": the build has it, "extra …": only the tenant has it). */
  differences: string[];
};

export type FleetCheck = {
  checked: number;
  drifted: TenantDrift[];
  /** Tenants whose build was recorded before fingerprints existed: nothing to compare with. */
  unknown: string[];
};

export type CheckTenantsOptions = {
  slug?: string;
  concurrency?: number;
  onChecked?: (checked: number, total: number) => void;
};

/**
 * Compares each tenant's catalog fingerprint (computed by the server) with the fingerprint of the
 * build it records; for the tenants that differ, lists the differing objects against the build's
 * recorded description (a column added by hand, a dropped index, a change applied half-way).
 */
export async function checkTenants(pool: DatabasePool, options: CheckTenantsOptions = {}): Promise<FleetCheck> {
  const tenants = await pool.any(sql.type(fleetRow)`
    SELECT t.slug, t.schema_name AS "schemaName", t.template_version AS "templateVersion", v.version_number AS "versionNumber",
      v.fingerprint, EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = t.schema_name) AS "schemaExists"
    FROM platform.tenants t JOIN platform.template_versions v ON v.version = t.template_version
    WHERE t.status <> 'deprovisioned' ${options.slug ? sql.fragment`AND t.slug = ${options.slug}` : sql.fragment``}
    ORDER BY t.slug`);
  if (options.slug && tenants.length === 0) throw new NotFoundError(`No tenant has the slug '${options.slug}' (or it is deprovisioned).`);
  const descriptions = new Map<string, Promise<SchemaDescription>>();
  const result: FleetCheck = { checked: 0, drifted: [], unknown: [] };
  let next = 0;
  const worker = async () => {
    while (next < tenants.length) {
      const tenant = tenants[next++]!;
      if (!tenant.schemaExists) {
        result.drifted.push({
          slug: tenant.slug,
          versionNumber: tenant.versionNumber,
          differences: [`schema ${tenant.schemaName} is missing`],
        });
      } else if (tenant.fingerprint === null) {
        result.unknown.push(tenant.slug);
      } else if ((await fingerprintSchema(pool, tenant.schemaName)) !== tenant.fingerprint) {
        let expected = descriptions.get(tenant.templateVersion);
        if (!expected) {
          expected = recordedDescription(pool, tenant.templateVersion);
          descriptions.set(tenant.templateVersion, expected);
        }
        const differences = diffSchemaDescriptions(await expected, await describeSchema(pool, tenant.schemaName));
        result.drifted.push({ slug: tenant.slug, versionNumber: tenant.versionNumber, differences });
      }
      result.checked++;
      options.onChecked?.(result.checked, tenants.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, tenants.length)) }, worker));
  result.drifted.sort((a, b) => a.slug.localeCompare(b.slug));
  result.unknown.sort();
  return result;
}

async function recordedDescription(pool: DatabasePool, version: string): Promise<SchemaDescription> {
  return pool.oneFirst(sql.type(z.object({ description: schemaDescriptionShape }))`
    SELECT description FROM platform.template_versions WHERE version = ${version}`);
}
