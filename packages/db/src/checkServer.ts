import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import { minimumLocksPerTransaction, minimumServerVersion } from "./embedded/serverSettings.ts";
import { ConfigurationError } from "./errors.ts";

const settingsRow = z.object({ version: z.number(), locks: z.number(), superuser: z.boolean(), createrole: z.boolean() });

/**
 * Checks that the server can hold many tenant schemas, naming each missing setting in one
 * sentence (the embedded server is configured for this; a DATABASE_URL server may not be).
 */
export async function checkServer(connection: CommonQueryMethods): Promise<void> {
  const row = await connection.one(sql.type(settingsRow)`
    SELECT current_setting('server_version_num')::int AS version,
           current_setting('max_locks_per_transaction')::int AS locks,
           r.rolsuper AS superuser, r.rolcreaterole AS createrole
    FROM pg_roles r WHERE r.rolname = current_user`);
  if (row.version < minimumServerVersion) {
    throw new ConfigurationError(
      `The database server runs PostgreSQL ${Math.floor(row.version / 10000)}; this platform needs PostgreSQL 18 or newer (uuidv7()).`,
    );
  }
  if (row.locks < minimumLocksPerTransaction) {
    throw new ConfigurationError(
      `max_locks_per_transaction is ${row.locks} on the database server; set it to at least ${minimumLocksPerTransaction} (1024 or more for bulk provisioning) and restart it, since building a tenant takes ≈ 2,700 locks and dropping one ≈ 7,000.`,
    );
  }
  if (!row.superuser && !row.createrole) {
    throw new ConfigurationError(
      "The DATABASE_URL user can neither create roles nor is a superuser: grant it CREATEROLE (each tenant gets its own role).",
    );
  }
}
