import { ConflictError, type Platform } from "@erp/db";
import { type DatabasePool, sql } from "slonik";
import { parseInput, tierSchema } from "./inputs.ts";
import { lockTenant, recordEvent, type Tenant, tenantColumns, tenantRow } from "./registry.ts";
import { slugSchema } from "./tenantNames.ts";
import type { Tier } from "./tiers.ts";

/**
 * Drops the tenant's schema and role and marks its registry row `deprovisioned` (the row and its
 * events stay, so the slug is never reused). One tenant per transaction: a drop takes ≈ 7,000
 * locks, and several in one transaction exhaust the shared lock table.
 */
export async function deprovisionTenant(platform: Pick<Platform, "pool">, slug: string): Promise<Tenant> {
  parseInput(slugSchema, slug);
  return platform.pool.transaction(async (tx) => {
    const tenant = await lockTenant(tx, slug);
    if (tenant.status === "deprovisioned") throw new ConflictError(`Tenant '${slug}' is already deprovisioned.`);
    await tx.query(sql.unsafe`DROP SCHEMA IF EXISTS ${sql.identifier([tenant.schemaName])} CASCADE`);
    await tx.query(sql.unsafe`DROP ROLE IF EXISTS ${sql.identifier([tenant.roleName])}`);
    const updated = await tx.one(sql.type(tenantRow)`
      UPDATE platform.tenants SET status = 'deprovisioned', deprovisioned_at = now(), updated_at = now()
      WHERE id = ${tenant.id} RETURNING ${tenantColumns}`);
    await recordEvent(tx, tenant.id, "deprovisioned", { from: tenant.status });
    return updated;
  });
}

/** Suspends a tenant: its users can no longer log in or use their tokens. */
export async function suspendTenant(platform: Pick<Platform, "pool">, slug: string): Promise<Tenant> {
  return setStatus(platform.pool, slug, "suspended");
}

export async function resumeTenant(platform: Pick<Platform, "pool">, slug: string): Promise<Tenant> {
  return setStatus(platform.pool, slug, "active");
}

/** Changes the modules a tenant is served (every tenant already has every table); recorded as an event. */
export async function setTier(platform: Pick<Platform, "pool">, slug: string, tier: Tier): Promise<Tenant> {
  parseInput(slugSchema, slug);
  const next = parseInput(tierSchema, tier);
  return platform.pool.transaction(async (tx) => {
    const tenant = await lockTenant(tx, slug);
    if (tenant.status === "deprovisioned") throw new ConflictError(`Tenant '${slug}' is deprovisioned.`);
    if (tenant.tier === next) return tenant;
    const updated = await tx.one(sql.type(tenantRow)`
      UPDATE platform.tenants SET tier = ${next}, updated_at = now() WHERE id = ${tenant.id} RETURNING ${tenantColumns}`);
    await recordEvent(tx, tenant.id, "tier_changed", { from: tenant.tier, to: next });
    return updated;
  });
}

async function setStatus(pool: DatabasePool, slug: string, status: "active" | "suspended"): Promise<Tenant> {
  parseInput(slugSchema, slug);
  return pool.transaction(async (tx) => {
    const tenant = await lockTenant(tx, slug);
    if (tenant.status === "deprovisioned") throw new ConflictError(`Tenant '${slug}' is deprovisioned.`);
    if (tenant.status === status) return tenant;
    const updated = await tx.one(sql.type(tenantRow)`
      UPDATE platform.tenants SET status = ${status}, updated_at = now() WHERE id = ${tenant.id} RETURNING ${tenantColumns}`);
    await recordEvent(tx, tenant.id, status === "suspended" ? "suspended" : "resumed");
    return updated;
  });
}
