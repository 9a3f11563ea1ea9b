import { findTenant, type Tenant } from "@erp/tenancy";
import { LRUCache } from "lru-cache";
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
 * a tenant provisioned elsewhere is served on its first request. Concurrent misses for one slug
 * share one registry query (lru-cache's `fetch`).
 */
export function createTenantDirectory(pool: DatabasePool, ttlMs: number, maxEntries = 10_000): TenantDirectory {
  const cache = new LRUCache<string, Tenant>({
    max: maxEntries,
    // lru-cache reads a ttl of 0 as "never expires": 0 here means trusted for 1 ms at most.
    ttl: Math.max(ttlMs, 1),
    fetchMethod: async (slug) => (await findTenant(pool, slug)) ?? undefined,
  });
  return {
    get: async (slug) => (await cache.fetch(slug)) ?? null,
    forget: (slug) => {
      cache.delete(slug);
    },
  };
}
