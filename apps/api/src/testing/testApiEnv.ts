import { randomBytes } from "node:crypto";
import { defaultSignInSettings } from "../auth/createSignInGuard.ts";
import { type ApiEnv, defaultTenantCacheTtlMs } from "../env.ts";
import { defaultSiteLimitSettings } from "../site/createSiteLimits.ts";

/**
 * Settings for an API started inside a test or a validation run: any free port, secrets made for
 * this process only (so no real key or token secret is ever needed), no start-up notices.
 */
export function testApiEnv(overrides: Partial<ApiEnv> = {}): ApiEnv {
  return {
    host: "127.0.0.1",
    port: 0,
    operatorKey: randomBytes(24).toString("base64url"),
    tokenSecret: randomBytes(32).toString("base64url"),
    tokenTtlSeconds: 3600,
    logLevel: "info",
    dbPoolSize: 10,
    tenantCacheTtlMs: defaultTenantCacheTtlMs,
    // The production defaults: callers that sign in many tenants at once retry when hashing is busy.
    signIns: defaultSignInSettings(),
    siteLimits: defaultSiteLimitSettings,
    notices: [],
    ...overrides,
  };
}
