import { type DatabasePool, type DatabaseTransactionConnection, type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { ErpError, findPgError } from "../errors.ts";

/** Where a tenant's requests run: its schema and its own role (both names come from the registry). */
export type TenantScope = { schemaName: string; roleName: string };

export type TenantTransactionOptions = {
  /**
   * A query answered in the same round trip as the confinement (one column named `value`, at
   * most one row), handed to the handler; null when it finds no row. It is planned before the
   * settings apply, so it must name its tables schema-qualified, and it runs with the pool's
   * own rights: only for fixed server-side reads, such as checking the session of the request.
   */
  alongside?: FragmentSqlToken;
};

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
  handler: (tx: DatabaseTransactionConnection, alongside: unknown) => Promise<T>,
  options: TenantTransactionOptions = {},
): Promise<T> {
  // Slonik destroys a connection whose handler threw, even after a clean ROLLBACK. Expected
  // failures (a conflict, a missing row) are common on an API, so the transaction runs inside
  // `connect` and the error is rethrown only after the connection went back to the pool intact.
  let failure: { error: unknown } | undefined;
  const result = await pool.connect(async (connection) => {
    try {
      return await connection.transaction(async (tx) => handler(tx, await confine(tx, scope, options.alongside)));
    } catch (error) {
      if (isConnectionFailure(error)) throw error;
      failure = { error };
      return undefined;
    }
  });
  if (failure) throw failure.error;
  return result as T;
}

const confinedRow = z.object({ confined: z.literal(true), value: z.unknown() });

async function confine(tx: DatabaseTransactionConnection, scope: TenantScope, alongside: FragmentSqlToken | undefined): Promise<unknown> {
  const settings = sql.fragment`
    SELECT set_config('search_path', quote_ident(${scope.schemaName}), true) IS NOT NULL
       AND set_config('role', ${scope.roleName}, true) IS NOT NULL AS confined`;
  try {
    if (!alongside) {
      await tx.query(sql.unsafe`${settings}`);
      return null;
    }
    // LEFT JOIN LATERAL: the settings are the outer side, so they apply even when `alongside` finds nothing.
    const row = await tx.one(sql.type(confinedRow)`
      SELECT settings.confined, alongside.value
      FROM (${settings}) AS settings LEFT JOIN LATERAL (${alongside}) AS alongside ON true`);
    return row.value ?? null;
  } catch (error) {
    // The tenant was deprovisioned since the caller looked it up: its role (22023) or, for the
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

/** Errors after which the connection must not be reused: it broke, or its ROLLBACK failed. */
function isConnectionFailure(error: unknown): boolean {
  const name = (error as Error | undefined)?.name ?? "";
  if (name === "ConnectionError" || name === "BackendTerminatedError" || name === "UnexpectedStateError") return true;
  const code = findPgError(error)?.code ?? "";
  // 08: connection exception; 57: operator intervention (terminated, shutting down); XX: internal.
  return code.startsWith("08") || code.startsWith("57") || code.startsWith("XX");
}
