import { findTenant, type Tenant } from "@erp/tenancy";
import type { DatabasePool } from "slonik";

export type TenantDirectory = {
  /** The registry row of a tenant, at most `ttlMs` old; null when no tenant has the slug. */
  get: (slug: string) => Promise<Tenant | null>;
  /** Forgets a tenant, so its next request reads the registry (after suspend, resume, deprovision). */
  forget: (slug: string) => void;
};

/**
 * Registry rows cached in memory for `ttlMs`, so a request does not read platform.tenants every
 * time. A suspension made through another process therefore takes effect within `ttlMs`; made
 * through this one, at once (the lifecycle procedures call `forget`). Unknown slugs are not cached:
 * a tenant provisioned elsewhere is served on its first request.
 */
export function createTenantDirectory(pool: DatabasePool, ttlMs: number): TenantDirectory {
  const entries = new Map<string, { tenant: Tenant; expiresAt: number }>();
  const pending = new Map<string, Promise<Tenant | null>>();

  async function load(slug: string): Promise<Tenant | null> {
    const tenant = await findTenant(pool, slug);
    if (tenant) entries.set(slug, { tenant, expiresAt: Date.now() + ttlMs });
    else entries.delete(slug);
    return tenant;
  }

  return {
    get: (slug) => {
      const entry = entries.get(slug);
      if (entry && entry.expiresAt > Date.now()) return Promise.resolve(entry.tenant);
      // Concurrent misses for one slug share one registry query.
      let loading = pending.get(slug);
      if (!loading) {
        loading = load(slug).finally(() => pending.delete(slug));
        pending.set(slug, loading);
      }
      return loading;
    },
    forget: (slug) => {
      entries.delete(slug);
    },
  };
}
