import { LRUCache } from "lru-cache";
import type { SessionUser } from "./sessionUser.ts";

export type UserCache = {
  /** The user's roles and permissions as loaded at most `ttlMs` ago, or undefined. */
  get: (tenant: string, userId: string) => SessionUser | undefined;
  set: (tenant: string, user: SessionUser) => void;
};

/**
 * Roles and permissions of recently seen users, for `ttlMs`: loading them is the costly part of
 * checking a request (a four-table join, planned every time), while the session row, checked on
 * every request, is cheap. So a logout still takes effect at once, and a change of roles within
 * `ttlMs`, like a suspension through the tenant directory. At most `maxEntries` users are kept,
 * the least recently used going first.
 */
export function createUserCache(ttlMs: number, maxEntries = 10_000): UserCache {
  // lru-cache reads a ttl of 0 as "never expires": 0 here means trusted for 1 ms at most.
  const cache = new LRUCache<string, SessionUser>({ max: maxEntries, ttl: Math.max(ttlMs, 1) });
  return {
    get: (tenant, userId) => cache.get(`${tenant}/${userId}`),
    set: (tenant, user) => {
      cache.set(`${tenant}/${user.id}`, user);
    },
  };
}
