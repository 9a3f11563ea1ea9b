import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { retryLater } from "../retryLater.ts";

export type SiteLimitSettings = {
  /** Reads of the public website path one client address may make per window. */
  requestsPerWindow: number;
  windowSeconds: number;
};

export type SiteLimits = {
  /** Counts one public read of `address`, or throws TOO_MANY_REQUESTS with Retry-After (the seconds left in its window). */
  admit: (address: string | undefined) => Promise<void>;
};

/**
 * 600 reads a minute per address: a visitor's browser makes a handful per page, while a
 * storefront that renders on its own server reads from one address for all its visitors.
 */
export const defaultSiteLimitSettings: SiteLimitSettings = { requestsPerWindow: 600, windowSeconds: 60 };

/**
 * Per-address limits on the public website path, on rate-limiter-flexible's memory store like
 * the sign-in limits: each API process counts on its own. The count is taken before the tenant
 * is looked up, so unknown tenants and malformed input cost the caller the same as real reads.
 */
export function createSiteLimits(settings: SiteLimitSettings): SiteLimits {
  const reads = new RateLimiterMemory({ keyPrefix: "site-reads", points: settings.requestsPerWindow, duration: settings.windowSeconds });
  return {
    admit: async (address) => {
      try {
        await reads.consume(address ?? "unknown");
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw retryLater("TOO_MANY_REQUESTS", "Too many website reads from this address; try again later.", rejection.msBeforeNext / 1000);
      }
    },
  };
}
