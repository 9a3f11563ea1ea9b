import { type DatabasePool, type DatabaseTransactionConnection, sql } from "slonik";
import { ErpError, findPgError } from "../errors.ts";

/** Where a tenant's requests run: its schema and its own role (both names come from the registry). */
export type TenantScope = { schemaName: string; roleName: string };

/** The tenant's schema or role is gone (deprovisioned since the caller looked it up). */
export class TenantUnavailableError extends ErpError {
  override name = "TenantUnavailableError";
}

/**
 * Runs `handler` in one transaction confined to a tenant: `search_path` is the tenant's schema
 * and the role is the tenant's own, both set transaction-locally in one round trip. They reset
 * at COMMIT or ROLLBACK, so the pooled connection carries nothing to its next user, and a
 * transaction-mode pooler (PgBouncer) stays safe. The database, not the caller, then refuses any
 * access outside the tenant's schema.
 */
export async function withTenantTransaction<T>(
  pool: DatabasePool,
  scope: TenantScope,
  handler: (tx: DatabaseTransactionConnection) => Promise<T>,
): Promise<T> {
  // Slonik destroys a connection whose handler threw, even after a clean ROLLBACK. Expected
  // failures (a conflict, a missing row) are common on an API, so the transaction runs inside
  // `connect` and the error is rethrown only after the connection went back to the pool intact.
  let failure: { error: unknown } | undefined;
  const result = await pool.connect(async (connection) => {
    try {
      return await connection.transaction(async (tx) => {
        await confine(tx, scope);
        return handler(tx);
      });
    } catch (error) {
      if (isConnectionFailure(error)) throw error;
      failure = { error };
      return undefined;
    }
  });
  if (failure) throw failure.error;
  return result as T;
}

async function confine(tx: DatabaseTransactionConnection, scope: TenantScope): Promise<void> {
  try {
    await tx.query(
      sql.unsafe`SELECT set_config('search_path', quote_ident(${scope.schemaName}), true), set_config('role', ${scope.roleName}, true)`,
    );
  } catch (error) {
    // 22023: the role does not exist (any more): the tenant was deprovisioned meanwhile.
    if (findPgError(error)?.code === "22023") {
      throw new TenantUnavailableError(`The tenant's role ${scope.roleName} does not exist.`, { cause: error });
    }
    throw error;
  }
}

/** Errors after which the connection must not be reused: it broke, or its ROLLBACK failed. */
function isConnectionFailure(error: unknown): boolean {
  const name = (error as Error | undefined)?.name ?? "";
  if (name === "ConnectionError" || name === "BackendTerminatedError" || name === "UnexpectedStateError") return true;
  const code = findPgError(error)?.code ?? "";
  // 08: connection exception; 57: operator intervention (terminated, shutting down); XX: internal.
  return code.startsWith("08") || code.startsWith("57") || code.startsWith("XX");
}
