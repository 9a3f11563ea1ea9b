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
 * `ttlMs`, like a suspension through the tenant directory. At most `maxEntries` users are kept.
 */
export function createUserCache(ttlMs: number, maxEntries = 10_000): UserCache {
  const entries = new Map<string, { user: SessionUser; expiresAt: number }>();
  return {
    get: (tenant, userId) => {
      const key = `${tenant}/${userId}`;
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt > Date.now()) return entry.user;
      entries.delete(key);
      return undefined;
    },
    set: (tenant, user) => {
      // Maps iterate in insertion order: dropping the first entry drops the oldest.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(`${tenant}/${user.id}`, { user, expiresAt: Date.now() + ttlMs });
    },
  };
}
