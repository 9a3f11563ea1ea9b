import { retryLater } from "../retryLater.ts";
import { createFailureLimit, type Refusal } from "./createFailureLimit.ts";

export type LoginLimitSettings = {
  /** Failed sign-ins to one account (tenant and email) within `lockoutSeconds` before it is locked. */
  maxFailuresPerAccount: number;
  /** How long a locked account refuses every sign-in, the right password included. */
  lockoutSeconds: number;
  /** Failed sign-ins from one client address within an hour before it is refused for an hour. */
  maxFailuresPerAddress: number;
};

/** What became of one admitted sign-in; one of the two is called. */
export type Admission = {
  /**
   * The password was checked. Verified: the account's failures are forgotten. Not verified: it
   * counts as a failure of the account and of the address; when it locks the account, the answer
   * says for how many seconds.
   */
  checked: (verified: boolean) => Promise<{ lockedSeconds: number } | null>;
  /** No password was checked (refused for load): the attempt does not count. */
  withdrawn: () => Promise<void>;
};

export type LoginLimits = {
  /**
   * Counts a sign-in against its account and its client address before its password is
   * checked, or throws `TOO_MANY_REQUESTS` with `Retry-After`: the account or address is locked
   * (the seconds left), or its allowance is taken by sign-ins still being checked (a second).
   */
  admit: (account: { tenant: string; email: string }, address: string | undefined) => Promise<Admission>;
};

const hour = 3600;

const messages = {
  account: {
    locked: "Too many failed sign-ins to this account; try again later.",
    busy: "Too many sign-ins to this account at once; try again in a second.",
  },
  address: {
    locked: "Too many failed sign-ins from this address; try again later.",
    busy: "Too many sign-ins from this address at once; try again in a second.",
  },
};

/**
 * Per-account lockout and per-address limits on failed sign-ins. The counts live in this
 * process's memory, so each API process counts on its own (see apps/api/README.md).
 */
export function createLoginLimits(settings: LoginLimitSettings): LoginLimits {
  const accounts = createFailureLimit("account", {
    allowed: settings.maxFailuresPerAccount,
    windowSeconds: settings.lockoutSeconds,
    lockSeconds: settings.lockoutSeconds,
    resetOnSuccess: true,
  });
  const addresses = createFailureLimit("address", {
    allowed: settings.maxFailuresPerAddress,
    windowSeconds: hour,
    lockSeconds: hour,
    resetOnSuccess: false,
  });
  const refuse = (refusal: Refusal, of: keyof typeof messages) =>
    retryLater("TOO_MANY_REQUESTS", messages[of][refusal.reason], refusal.seconds);

  return {
    admit: async ({ tenant, email }, address) => {
      // The tenant as typed: unknown, suspended and active tenants are counted alike.
      const accountKey = JSON.stringify([tenant, email]);
      const addressKey = address ?? "unknown";
      const fromAddress = await addresses.begin(addressKey);
      if (fromAddress) throw refuse(fromAddress, "address");
      const forAccount = await accounts.begin(accountKey);
      if (forAccount) {
        await addresses.end(addressKey, "withdrawn");
        throw refuse(forAccount, "account");
      }
      return {
        checked: async (verified) => {
          const outcome = verified ? "succeeded" : "failed";
          await addresses.end(addressKey, outcome);
          const locked = await accounts.end(accountKey, outcome);
          return locked ? { lockedSeconds: settings.lockoutSeconds } : null;
        },
        withdrawn: async () => {
          await addresses.end(addressKey, "withdrawn");
          await accounts.end(accountKey, "withdrawn");
        },
      };
    },
  };
}
