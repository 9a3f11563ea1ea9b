import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export type FailureLimitOptions = {
  /** Failures allowed per key within `windowSeconds`. */
  allowed: number;
  windowSeconds: number;
  /** How long the failure that uses the last allowed one locks the key. */
  lockSeconds: number;
  /** Whether a success forgets the key's failures (an account) or only returns its own attempt (an address). */
  resetOnSuccess: boolean;
};

/** Why an attempt may not start: the key is locked, or its allowance is taken by checks still running. */
export type Refusal = { reason: "locked" | "busy"; seconds: number };

export type FailureLimit = {
  /** Starts an attempt for `key`, or says why not and for how many seconds. */
  begin: (key: string) => Promise<Refusal | null>;
  /** Ends an attempt begun: true when this failure locked the key. */
  end: (key: string, outcome: "succeeded" | "failed" | "withdrawn") => Promise<boolean>;
};

/**
 * At most `allowed` failures per key within a window, on rate-limiter-flexible's memory store
 * (keys expire with their window, so memory follows the traffic). Attempts still being checked
 * count against the allowance: a burst of concurrent attempts cannot overshoot it, and the ones
 * past it are asked to retry in a second ("busy") rather than told they failed.
 */
export function createFailureLimit(name: string, options: FailureLimitOptions): FailureLimit {
  const { allowed, windowSeconds, lockSeconds } = options;
  // Failures plus attempts in flight: consumed before the check, atomically, so concurrent
  // attempts see each other.
  const attempts = new RateLimiterMemory({ keyPrefix: `${name}-attempts`, points: allowed, duration: windowSeconds });
  const failures = new RateLimiterMemory({ keyPrefix: `${name}-failures`, points: allowed, duration: windowSeconds });
  const locks = new RateLimiterMemory({ keyPrefix: `${name}-locks`, points: 1, duration: lockSeconds });

  return {
    begin: async (key) => {
      const lock = await locks.get(key);
      if (lock && lock.consumedPoints > 0) return { reason: "locked", seconds: lock.msBeforeNext / 1000 };
      try {
        await attempts.consume(key);
        return null;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { reason: "busy", seconds: 1 };
        throw rejection;
      }
    },
    end: async (key, outcome) => {
      if (outcome === "withdrawn" || (outcome === "succeeded" && !options.resetOnSuccess)) {
        await attempts.reward(key);
        return false;
      }
      if (outcome === "succeeded") {
        await attempts.delete(key);
        await failures.delete(key);
        return false;
      }
      // Exactly one failure reaches the allowance (the counter is atomic): it sets the lock.
      const counted = await failures.penalty(key);
      if (counted.consumedPoints !== allowed) return false;
      // The counts are left to expire: until then they refuse, as "busy", an attempt that passed
      // the lock check a moment before the lock was set.
      await locks.block(key, lockSeconds);
      return true;
    },
  };
}
