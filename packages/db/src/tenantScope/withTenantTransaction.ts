import type { Socket } from "node:net";
import pg from "pg";
import type { QuerySqlToken } from "slonik";
import type { z } from "zod";
import { ErpError, findPgError } from "../errors.ts";
import type { TenantPool, TenantPoolSettings } from "./createTenantPool.ts";
import { createTenantQueries, parseRows, type TenantQueries, toPgQuery } from "./tenantQueries.ts";

/** Where a tenant's requests run: its schema and its own role (both names come from the registry). */
export type TenantScope = { schemaName: string; roleName: string };

export type TenantTransactionOptions<A = unknown> = {
  /**
   * A query sent with the confinement, before any query of the handler (`sql.type` of a row with
   * one column named `value`, at most one row): for fixed server-side reads such as checking the
   * session of the request. It runs as the tenant's role; its row is validated by its schema.
   */
  alongside?: QuerySqlToken<z.ZodType<{ value: A }>>;
  /** `BEGIN READ ONLY`: PostgreSQL refuses any write. */
  readOnly?: boolean;
};

/** The tenant's schema or role is gone (deprovisioned since the caller looked it up). */
export class TenantUnavailableError extends ErpError {
  override name = "TenantUnavailableError";
}

/**
 * Runs `handler` in one transaction confined to a tenant: `search_path` is the tenant's schema
 * and the role is the tenant's own, both set transaction-locally. They reset at COMMIT or
 * ROLLBACK, so the pooled connection carries nothing to its next user, and a transaction-mode
 * pooler (PgBouncer) stays safe; whatever a transaction did set at session level is reset right
 * behind its COMMIT or ROLLBACK (and again in the next opening). The pool logs in as the API's role, which by itself reads nothing, so the
 * database, not the caller, refuses any access outside the tenant's schema.
 *
 * Round trips: the opening (`BEGIN` and the settings as one simple-query string, then
 * `alongside`) is written to the connection without waiting for its answer, and the handler
 * starts at once: its first query leaves in the same network write and queues behind the opening
 * on the server (the pool's connections are in pg's pipeline mode). Then one round trip per
 * further query, and one for COMMIT (the session reset travels with it). No query of the handler can run unconfined: the opening is
 * fixed text that cannot fail to parse, and `BEGIN` runs before the settings, so if a setting
 * fails the transaction is aborted and every later query of the handler fails too.
 *
 * `opened` resolves to the `alongside` value (null without one, or when it found no row) once the
 * opening answered; handlers that must decide something from it before querying await it first.
 * A connection goes back to the pool only after its COMMIT or ROLLBACK succeeded; otherwise it
 * is closed, never reused in an unknown state.
 */
export async function withTenantTransaction<T, A = never>(
  pool: TenantPool,
  scope: TenantScope,
  handler: (tx: TenantQueries, opened: Promise<A | null>) => Promise<T>,
  options: TenantTransactionOptions<A> = {},
): Promise<T> {
  const client = await pool.connect(scope.schemaName);
  // A connection that dies while checked out emits `error`; the pending query rejects as well, so
  // the listener only keeps the event from crashing the process.
  client.on("error", ignoreConnectionError);
  holdWritesUntilNextTurn(client);
  const opened = open(client, pool.settings, scope, options);
  // Handled below; this keeps a failure from being reported as unhandled while the handler runs.
  opened.catch(ignoreConnectionError);
  let healthy = false;
  try {
    const result = await handler(createTenantQueries(client, pool.settings.pooler === "none"), opened);
    await opened;
    healthy = await end(client, "COMMIT");
    return result;
  } catch (error) {
    // When the opening failed, the handler's queries failed with it: report the cause.
    const openingError = await opened.then(
      () => null,
      (failure: unknown) => failure,
    );
    healthy = await end(client, "ROLLBACK").catch(() => false);
    throw openingError ?? error;
  } finally {
    client.off("error", ignoreConnectionError);
    // `release(true)` closes the connection instead of pooling it.
    client.release(!healthy);
  }
}

function ignoreConnectionError(): void {}

/** Clears whatever a transaction set at session level (`role` is not part of RESET ALL). */
const resetSession = "RESET ALL; RESET ROLE";

/**
 * COMMIT or ROLLBACK, and behind it, in the same network write, the reset of the session: a
 * setting that takes effect when a transaction starts (`default_transaction_read_only`,
 * `transaction_timeout`, a tiny `statement_timeout`) would already bite the next opening, before
 * any reset inside it could run. Throws when COMMIT fails; resolves to whether the reset
 * succeeded, and a connection whose reset failed is closed, never pooled.
 */
async function end(client: pg.PoolClient, command: "COMMIT" | "ROLLBACK"): Promise<boolean> {
  const socket = socketOf(client);
  socket?.cork();
  const ended = client.query(command);
  // Its own message, so it runs even when COMMIT fails; its failure is a result, not an exception.
  const reset = client.query(resetSession).then(
    () => true,
    () => false,
  );
  socket?.uncork();
  await ended;
  return reset;
}

function socketOf(client: pg.PoolClient): Socket | undefined {
  const socket = (client as unknown as { connection?: { stream?: Socket } }).connection?.stream;
  return socket && typeof socket.cork === "function" ? socket : undefined;
}

/**
 * Corks the connection's socket until the event loop's next turn, so the opening and the
 * handler's first query (sent a few promise steps later) leave in one write: each write to a
 * socket is a system call, and on a busy API they were the largest single cost per request.
 */
function holdWritesUntilNextTurn(client: pg.PoolClient): void {
  const socket = socketOf(client);
  if (!socket) return;
  socket.cork();
  setImmediate(() => socket.uncork());
}

async function open<A>(
  client: pg.PoolClient,
  settings: TenantPoolSettings,
  scope: TenantScope,
  options: TenantTransactionOptions<A>,
): Promise<A | null> {
  const { alongside, readOnly } = options;
  const opening = client.query(openingSql(settings, scope, readOnly));
  const found = alongside ? client.query(toPgQuery(alongside, settings.pooler === "none")) : Promise.resolve(null);
  try {
    const [, answer] = await Promise.all([opening, found]);
    const rows = answer && alongside ? (parseRows(alongside, answer.rows) as { value: A }[]) : [];
    if (rows.length > 1) throw new ErpError("The alongside query of a tenant transaction must return at most one row.");
    return rows[0]?.value ?? null;
  } catch (error) {
    // The tenant was deprovisioned since the caller looked it up: its role (22023) or, for a
    // schema-qualified `alongside`, its schema or tables (3F000, 42P01) are gone.
    const code = findPgError(error)?.code;
    if (code === "22023" || code === "3F000" || code === "42P01") {
      throw new TenantUnavailableError(`The tenant's schema ${scope.schemaName} or role ${scope.roleName} does not exist.`, {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The opening, one simple-query string. The session is reset first, although every transaction
 * here ends with that reset: behind a transaction-mode pooler a connection may bring a server
 * session whose last user's reset failed (that client was closed, the server session was not).
 * It costs no round trip. Then the tenant's
 * settings, transaction-locally: `search_path` with `pg_temp` named last so that a temporary
 * table could never shadow a tenant table (PUBLIC has no TEMP either), the timeouts when a
 * pooler forbids startup parameters, and the role last (set_config is not the tenant role's to call).
 */
function openingSql(settings: TenantPoolSettings, scope: TenantScope, readOnly: boolean | undefined): string {
  const local = (name: string, value: string) => `set_config('${name}', ${value}, true)`;
  const values = [local("search_path", `quote_ident(${pg.escapeLiteral(scope.schemaName)}) || ', pg_temp'`)];
  if (settings.pooler === "transaction") {
    values.push(local("statement_timeout", `'${Math.trunc(settings.statementTimeout)}'`));
    values.push(local("idle_in_transaction_session_timeout", `'${Math.trunc(settings.idleInTransactionTimeout)}'`));
  }
  values.push(local("role", pg.escapeLiteral(scope.roleName)));
  return `${readOnly ? "BEGIN READ ONLY" : "BEGIN"}; ${resetSession}; SELECT ${values.join(", ")}`;
}
