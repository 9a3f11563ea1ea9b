import { availableParallelism } from "node:os";
import { createLoginLimits, type LoginLimitSettings, type LoginLimits } from "./createLoginLimits.ts";
import { createPasswordChecks, type PasswordChecks } from "./createPasswordChecks.ts";
import { createHashingThreads } from "./hashingThreads.ts";

export type SignInSettings = LoginLimitSettings & {
  /** Password hashes computed at once. */
  hashConcurrency: number;
  /** Sign-ins waiting for a hashing slot before more are refused with 503. */
  hashQueue: number;
  /** Days a sign-in attempt stays in `login_attempts`. */
  attemptsRetentionDays: number;
};

/** What guards `auth.login`: the failure limits, the bounded password checks, the attempts' retention. */
export type SignInGuard = {
  limits: LoginLimits;
  passwordChecks: PasswordChecks;
  attemptsRetentionDays: number;
  /** Stops the hashing threads. */
  close: () => Promise<void>;
};

/**
 * The defaults: 5 failures lock an account for 15 minutes; 100 failures an hour from one
 * address; half the cores hash (at least one), so the other half keeps serving requests, with a
 * queue of 4 per hashing slot (a wait of a few hashes at most); attempts kept 90 days. The
 * queue follows `hashConcurrency` when that is given.
 */
export function defaultSignInSettings(hashConcurrency = Math.max(1, Math.floor(availableParallelism() / 2))): SignInSettings {
  return {
    maxFailuresPerAccount: 5,
    lockoutSeconds: 900,
    maxFailuresPerAddress: 100,
    hashConcurrency,
    hashQueue: 4 * hashConcurrency,
    attemptsRetentionDays: 90,
  };
}

export function createSignInGuard(settings: SignInSettings): SignInGuard {
  // One low-priority hashing thread per hashing slot.
  const threads = createHashingThreads(settings.hashConcurrency);
  return {
    limits: createLoginLimits(settings),
    passwordChecks: createPasswordChecks(settings.hashConcurrency, settings.hashQueue, threads.derive),
    attemptsRetentionDays: settings.attemptsRetentionDays,
    close: threads.close,
  };
}
