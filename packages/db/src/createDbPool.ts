import { createPool, type DatabasePool, type Interceptor } from "slonik";
import { readDbEnv } from "./env.ts";
import { resultParserInterceptor } from "./resultParserInterceptor.ts";
import { typeParsers } from "./typeParsers.ts";

export type DbPoolOptions = {
  /** Connections at most (default 10). */
  maxPoolSize?: number;
  /** Statement timeout in ms (default 60 s; DDL-heavy work passes "DISABLE_TIMEOUT"). */
  statementTimeout?: number | "DISABLE_TIMEOUT";
  /**
   * A connection is closed after this age (default 5 min). A backend caches ≈ 25 KB for every
   * table it touched and keeps it while it lives, so connections that serve many tenants must be
   * recycled or their memory grows with the number of tenants.
   */
  maximumConnectionAge?: number;
  /** More interceptors, after the result parser (tests count queries with one). */
  interceptors?: readonly Interceptor[];
};

/**
 * The one way to open a Slonik pool in this project: rows of `sql.type(schema)` queries are
 * validated at run time, and values are parsed the same everywhere.
 */
export async function createDbPool(url: string, options: DbPoolOptions = {}): Promise<DatabasePool> {
  const behindPooler = readDbEnv().DB_POOLER === "transaction";
  return createPool(url, {
    interceptors: [resultParserInterceptor, ...(options.interceptors ?? [])],
    typeParsers,
    maxPoolSize: options.maxPoolSize ?? 10,
    // Slonik sends the timeouts as startup parameters, which a transaction-mode pooler refuses:
    // behind one, the server's (or the role's) settings apply.
    ...(behindPooler
      ? { statementTimeout: "DISABLE_TIMEOUT", idleInTransactionSessionTimeout: "DISABLE_TIMEOUT" }
      : { statementTimeout: options.statementTimeout ?? 60_000 }),
    maximumConnectionAge: options.maximumConnectionAge ?? 5 * 60_000,
    idleTimeout: 10_000,
    captureStackTrace: false,
    // Slonik's default runs `DISCARD ALL` (one more round trip) whenever a connection goes back
    // to the pool. Nothing here changes session state: tenant settings are transaction-local
    // (`set_config(…, true)`), so they are gone at COMMIT/ROLLBACK and nothing needs resetting.
    resetConnection: async () => {},
  });
}
