import pg from "pg";
import { readDbEnv } from "../env.ts";
import { ConfigurationError } from "../errors.ts";
import { typeParsersByOid } from "../typeParserOids.ts";
import { type AffineClient, AffinePool } from "./affinePool.ts";

export type TenantPoolOptions = {
  /** Connections at most (default 10). */
  maxPoolSize?: number;
  /** Statement timeout in ms (default 60 s). */
  statementTimeout?: number;
  /**
   * A connection is closed after this age in ms (default 5 min). A backend caches ≈ 25 KB for
   * every table it touched and keeps it while it lives; connections that serve many tenants must
   * be recycled or their memory grows with the number of tenants (docs/performance.md).
   */
  maximumConnectionAge?: number;
  /**
   * `transaction`: a transaction-mode pooler (PgBouncer) sits in front of the server, so a
   * connection here is a different server session at every transaction. Nothing is sent as a
   * startup parameter (the pooler refuses them), the timeouts are set with SET LOCAL in each
   * opening, and statements are unnamed (a named one would exist on some server sessions and not
   * others). Default: DB_POOLER, else `none`.
   */
  pooler?: "none" | "transaction";
  /**
   * Route each tenant to its own share of the connections (default: DB_TENANT_AFFINITY, on), so
   * that with many tenants a backend serves few of them; off: any idle connection (for comparison).
   */
  affinity?: boolean;
  /**
   * A connection is closed once it served more tenants than this (default:
   * DB_TENANTS_PER_CONNECTION, 1,000): bounds each backend's cache of the relations it touched.
   */
  maxTenantsPerConnection?: number;
};

/** What every tenant transaction on a pool must know about it. */
export type TenantPoolSettings = {
  pooler: "none" | "transaction";
  statementTimeout: number;
  idleInTransactionTimeout: number;
};

/**
 * The connections tenant requests run on, used only through `withTenantTransaction`: a plain
 * `pg` pool in pipeline mode rather than Slonik's, because confinement must cost no round trip
 * of its own — `BEGIN` and the settings as one simple-query string, written together with the
 * session check and the request's first query — and Slonik sends every query in the extended
 * protocol and waits for each (START TRANSACTION, then the settings, then the first query).
 * Queries are still written with Slonik's `sql` tag and parse rows with their zod schema, and
 * values arrive exactly as through `createDbPool` (the same type parsers).
 */
export class TenantPool {
  readonly #pool: AffinePool;
  readonly #affinity: boolean;
  readonly settings: TenantPoolSettings;

  private constructor(pool: AffinePool, affinity: boolean, settings: TenantPoolSettings) {
    this.#pool = pool;
    this.#affinity = affinity;
    this.settings = settings;
  }

  static async open(url: string, options: TenantPoolOptions = {}): Promise<TenantPool> {
    const settings: TenantPoolSettings = {
      pooler: options.pooler ?? readDbEnv().DB_POOLER,
      statementTimeout: options.statementTimeout ?? 60_000,
      // A handler that hangs must not hold its locks, and its tenant's settings, for ever.
      idleInTransactionTimeout: 60_000,
    };
    const env = readDbEnv();
    const affinity = options.affinity ?? env.DB_TENANT_AFFINITY === "on";
    const parsers = new Map<number, (value: string) => unknown>();
    const pool = new AffinePool({
      max: options.maxPoolSize ?? 10,
      client: {
        connectionString: url,
        ...(settings.pooler === "none"
          ? { statement_timeout: settings.statementTimeout, idle_in_transaction_session_timeout: settings.idleInTransactionTimeout }
          : {}),
        connectionTimeoutMillis: 5_000,
        // Queries are written as soon as they are issued, not after the previous one answered
        // (withTenantTransaction sends the handler's first query behind the opening).
        pipeline: true,
        types: {
          getTypeParser: ((oid: number, format?: "text" | "binary") => parsers.get(oid) ?? pg.types.getTypeParser(oid, format)) as never,
        },
      } as pg.ClientConfig,
      idleTimeoutMs: 10_000,
      maxLifetimeMs: options.maximumConnectionAge ?? 5 * 60_000,
      maxTenantsPerConnection: options.maxTenantsPerConnection ?? env.DB_TENANTS_PER_CONNECTION,
      waitTimeoutMs: 5_000,
    });
    try {
      // Type names to OIDs, arrays included, once (as Slonik does per pool).
      const client = await pool.acquire("");
      const found = await typeParsersByOid(client).finally(() => client.release());
      for (const [oid, parse] of found) parsers.set(oid, parse);
    } catch (error) {
      await pool.end();
      throw describeOpenFailure(error);
    }
    return new TenantPool(pool, affinity, settings);
  }

  /** A connection for one transaction of the tenant whose schema is `schemaName` (withTenantTransaction only). */
  connect(schemaName = ""): Promise<AffineClient> {
    return this.#pool.acquire(this.#affinity ? schemaName : "");
  }

  end(): Promise<void> {
    return this.#pool.end();
  }
}

/** PgBouncer refuses startup parameters it does not track: that means a pooler the settings do not know of. */
function describeOpenFailure(error: unknown): unknown {
  const message = String((error as Error)?.message);
  if (!/unsupported startup parameter/.test(message)) return error;
  return new ConfigurationError(
    `The database refused a startup parameter (${message}): a transaction-mode pooler such as PgBouncer sits in front of it; set DB_POOLER=transaction.`,
    { cause: error },
  );
}
