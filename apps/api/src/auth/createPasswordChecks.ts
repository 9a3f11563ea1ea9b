import { hashPassword, type KeyDerivation, threadPoolDerivation, verifyPassword } from "@erp/tenancy";
import pLimit from "p-limit";
import { retryLater } from "../retryLater.ts";

/** The password hashing a sign-in may do, counted. */
export type PasswordHashing = {
  verify: (password: string, stored: string) => Promise<boolean>;
  hash: (password: string) => Promise<string>;
};

export type PasswordChecks = {
  /**
   * Runs `check` once one of the `concurrency` slots is free, with the hashing it may do. When
   * every slot is busy and `queue` checks already wait, it throws `SERVICE_UNAVAILABLE` with
   * `Retry-After` at once, without running `check`.
   */
  run: <T>(check: (hashing: PasswordHashing) => Promise<T>) => Promise<T>;
  /** Checks running and waiting now; hashes computed and checks refused since start. */
  stats: () => { running: number; waiting: number; hashes: number; refused: number };
};

/**
 * Password checks bounded to `concurrency` at once plus a `queue` of waiting ones. argon2id costs
 * tens of milliseconds of CPU and 19 MiB each: unbounded, a burst of sign-ins takes every core
 * and the latency of every other tenant's requests with it. Bounded, a burst costs at most
 * `concurrency` cores; the excess is refused at once (503) instead of waiting in a long line.
 * The hashing itself runs where `derive` puts it (the API: threads of lower CPU priority).
 */
export function createPasswordChecks(concurrency: number, queue: number, derive: KeyDerivation = threadPoolDerivation): PasswordChecks {
  const limit = pLimit(concurrency);
  let hashes = 0;
  let refused = 0;
  const hashing: PasswordHashing = {
    verify: (password, stored) => {
      hashes += 1;
      return verifyPassword(password, stored, derive);
    },
    hash: (password) => {
      hashes += 1;
      return hashPassword(password, derive);
    },
  };
  return {
    run: (check) => {
      if (limit.activeCount + limit.pendingCount >= concurrency + queue) {
        refused += 1;
        // A slot frees within one hash (tens of milliseconds): a second is ample.
        return Promise.reject(retryLater("SERVICE_UNAVAILABLE", "Too many sign-ins at once; try again in a second.", 1));
      }
      return limit(() => check(hashing));
    },
    stats: () => ({ running: limit.activeCount, waiting: limit.pendingCount, hashes, refused }),
  };
}
