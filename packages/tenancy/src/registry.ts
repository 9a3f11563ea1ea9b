import { NotFoundError } from "@erp/db";
import { type CommonQueryMethods, type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import { tiers } from "./tiers.ts";

export const tenantRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  schemaName: z.string(),
  roleName: z.string(),
  tier: z.enum(tiers),
  status: z.enum(["active", "suspended", "deprovisioned"]),
  templateVersion: z.string(),
  /** The template version number of that build (how many change files it includes). */
  templateVersionNumber: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deprovisionedAt: z.string().nullable(),
});
export type Tenant = z.infer<typeof tenantRow>;

export const tenantColumns = sql.fragment`
  id, slug, name, schema_name AS "schemaName", role_name AS "roleName", tier, status,
  template_version AS "templateVersion",
  (SELECT v.version_number FROM platform.template_versions v WHERE v.version = template_version) AS "templateVersionNumber",
  created_at AS "createdAt", updated_at AS "updatedAt",
  deprovisioned_at AS "deprovisionedAt"`;

export async function findTenant(connection: CommonQueryMethods, slug: string): Promise<Tenant | null> {
  return connection.maybeOne(sql.type(tenantRow)`SELECT ${tenantColumns} FROM platform.tenants WHERE slug = ${slug}`);
}

export async function getTenant(connection: CommonQueryMethods, slug: string): Promise<Tenant> {
  const tenant = await findTenant(connection, slug);
  if (!tenant) throw new NotFoundError(`No tenant has the slug '${slug}'.`);
  return tenant;
}

/**
 * The tenant's row, locked until the transaction ends, read in the same statement that locks it:
 * a concurrent change (two deprovisions, a suspend during a tier change) waits and then sees the
 * other's result instead of a stale status.
 */
export async function lockTenant(tx: DatabaseTransactionConnection, slug: string): Promise<Tenant> {
  const tenant = await tx.maybeOne(sql.type(tenantRow)`SELECT ${tenantColumns} FROM platform.tenants WHERE slug = ${slug} FOR UPDATE`);
  if (!tenant) throw new NotFoundError(`No tenant has the slug '${slug}'.`);
  return tenant;
}

export type ListTenantsOptions = { status?: Tenant["status"]; limit?: number; after?: string };

/** Tenants by slug, keyset-paginated (`after` = last slug of the previous page). */
export async function listTenants(connection: CommonQueryMethods, options: ListTenantsOptions = {}): Promise<readonly Tenant[]> {
  return connection.any(sql.type(tenantRow)`
    SELECT ${tenantColumns} FROM platform.tenants
    WHERE ${sql.and([
      options.status ? sql.fragment`status = ${options.status}` : sql.fragment`TRUE`,
      options.after ? sql.fragment`slug > ${options.after}` : sql.fragment`TRUE`,
    ])}
    ORDER BY slug
    LIMIT ${options.limit ?? 1000}`);
}

export type TenantEventKind = "provisioned" | "seeded" | "tier_changed" | "suspended" | "resumed" | "deprovisioned";

export async function recordEvent(
  connection: CommonQueryMethods,
  tenantId: string,
  kind: TenantEventKind,
  data: Record<string, unknown> = {},
) {
  await connection.query(
    sql.unsafe`INSERT INTO platform.tenant_events (tenant_id, kind, data) VALUES (${tenantId}, ${kind}, ${sql.jsonb(data as never)})`,
  );
}
