import type { Platform, TenantPool } from "@erp/db";
import type { DemoDataSeeder } from "@erp/tenancy";
import type { SignInGuard } from "./auth/createSignInGuard.ts";
import type { UserCache } from "./auth/createUserCache.ts";
import type { Logger } from "./logging/createLogger.ts";
import type { SiteLimits } from "./site/createSiteLimits.ts";
import type { TenantDirectory } from "./tenancy/createTenantDirectory.ts";

/** What every request shares: built once at start by `createApp`. */
export type ApiDeps = {
  platform: Pick<Platform, "pool" | "templateVersion" | "templateVersionNumber">;
  /** The connections tenant requests run on (only through withTenantTransaction). */
  tenantPool: TenantPool;
  tenants: TenantDirectory;
  /** Recently loaded roles and permissions (the session itself is checked on every request). */
  users: UserCache;
  /** Failure limits and bounded password checks of `auth.login`. */
  signIns: SignInGuard;
  /** Per-address limits of the public website path (`site.*`); the defaults when left out. */
  siteLimits?: SiteLimits;
  tokenSecret: string;
  tokenTtlSeconds: number;
  operatorKey: string;
  log: Logger;
  /** Fills a new tenant with demo data when `platform.tenants.provision` asks for it. */
  seeder?: DemoDataSeeder;
};

/** What one request brings, whatever the transport. `tenant` is filled in for the request log. */
export type RequestInfo = {
  requestId: string;
  /** The bearer token, if any. */
  token?: string;
  /** The operator key header, if any. */
  operatorKey?: string;
  ip?: string;
  userAgent?: string;
  tenant?: string;
};

export type Context = ApiDeps & { request: RequestInfo };

/**
 * The tRPC context, independent of HTTP: the Hono adapter builds it from headers, and tests can
 * build it directly for `createCaller`.
 */
export function createContextInner(deps: ApiDeps, request: RequestInfo): Context {
  return { ...deps, request };
}
