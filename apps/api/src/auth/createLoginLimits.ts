import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { retryLater } from "../retryLater.ts";

export type LoginLimitSettings = {
  /** Failed sign-ins to one account (tenant and email) within `lockoutSeconds` before it is locked. */
  maxFailuresPerAccount: number;
  /** How long a locked account refuses every sign-in, the right password included. */
  lockoutSeconds: number;
  /** Failed sign-ins from one client address per hour before it is refused until the hour is over. */
  maxFailuresPerAddress: number;
};

/** What became of one admitted sign-in; one of the two is called. */
export type Admission = {
  /**
   * The password was checked. Verified: the account's count starts over and the address gets
   * its attempt back. Not verified: it stays counted, and when it used the account's last
   * allowed attempt the account is locked; then the answer says for how many seconds.
   */
  checked: (verified: boolean) => Promise<{ lockedSeconds: number } | null>;
  /** No password was checked (refused for load): both attempts are returned. */
  withdrawn: () => Promise<void>;
};

export type LoginLimits = {
  /**
   * Counts a sign-in against its account and its client address before its password is
   * checked, or throws `TOO_MANY_REQUESTS` with `Retry-After` when either is used up. Counting
   * first means a burst of concurrent guesses is cut off at the limit, not after it.
   */
  admit: (account: { tenant: string; email: string }, address: string | undefined) => Promise<Admission>;
};

const addressWindowSeconds = 3600;

/**
 * Per-account lockout and per-address limits on failed sign-ins (rate-limiter-flexible, memory
 * store): the counts live in this process, so each API process counts on its own (see
 * apps/api/README.md). Keys expire with their window, so memory stays bounded by the traffic.
 */
export function createLoginLimits(settings: LoginLimitSettings): LoginLimits {
  const accounts = new RateLimiterMemory({
    keyPrefix: "account",
    points: settings.maxFailuresPerAccount,
    duration: settings.lockoutSeconds,
  });
  const addresses = new RateLimiterMemory({ keyPrefix: "address", points: settings.maxFailuresPerAddress, duration: addressWindowSeconds });

  return {
    admit: async ({ tenant, email }, address) => {
      // The tenant as typed: unknown, suspended and active tenants are counted alike.
      const accountKey = JSON.stringify([tenant, email]);
      const addressKey = address ?? "unknown";
      const fromAddress = await consumed(addresses, addressKey);
      if (fromAddress instanceof Refused) {
        throw retryLater("TOO_MANY_REQUESTS", "Too many failed sign-ins from this address; try again later.", fromAddress.seconds);
      }
      const forAccount = await consumed(accounts, accountKey);
      if (forAccount instanceof Refused) {
        await addresses.reward(addressKey);
        throw retryLater("TOO_MANY_REQUESTS", "Too many failed sign-ins to this account; try again later.", forAccount.seconds);
      }
      return {
        checked: async (verified) => {
          if (verified) {
            await accounts.delete(accountKey);
            await addresses.reward(addressKey);
            return null;
          }
          // The failure that used the last allowed attempt locks the account from now on.
          if (forAccount.remainingPoints > 0) return null;
          await accounts.block(accountKey, settings.lockoutSeconds);
          return { lockedSeconds: settings.lockoutSeconds };
        },
        withdrawn: async () => {
          await accounts.reward(accountKey);
          await addresses.reward(addressKey);
        },
      };
    },
  };
}

class Refused {
  constructor(readonly seconds: number) {}
}

/** One point consumed, or Refused with the seconds until the key frees up. */
async function consumed(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes | Refused> {
  try {
    return await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return new Refused(rejection.msBeforeNext / 1000);
    throw rejection;
  }
}
