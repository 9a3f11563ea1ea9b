/**
 * Server parameters of the embedded PostgreSQL, chosen for many tenant schemas (see docs/architecture.md):
 * - the shared lock table holds max_locks_per_transaction × max_connections entries; building a
 *   tenant takes ≈ 2,700 locks and dropping one ≈ 7,000, so the default (64) fails at the third
 *   drop in a transaction and under concurrent bulk work;
 * - checkpoints are spaced, since a bulk run writes ≈ 11 MB of WAL per tenant.
 */
export const embeddedServerSettings: Record<string, string> = {
  listen_addresses: "127.0.0.1",
  unix_socket_directories: "",
  max_connections: "100",
  max_locks_per_transaction: "2048",
  shared_buffers: "256MB",
  max_wal_size: "4GB",
  checkpoint_timeout: "15min",
  log_min_messages: "warning",
};

/** The least `max_locks_per_transaction` we accept on a DATABASE_URL server (checked at start). */
export const minimumLocksPerTransaction = 256;

/** uuidv7() (table defaults) arrived in PostgreSQL 18. */
export const minimumServerVersion = 180000;
