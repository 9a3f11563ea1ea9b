import { totalmem } from "node:os";
import { constrainedMemory } from "node:process";

/**
 * A quarter of the machine's memory, between 256 MB and 8 GB (PostgreSQL's own advice for a
 * dedicated server). A tenant's catalog rows take ≈ 9.4 MB, so the 256 MB this server had held
 * the catalog of ≈ 25 tenants: with a fleet of hundreds a backend's first touch of a tenant and
 * a build's catalog inserts went to the kernel's page cache (docs/capacity.md). Shared memory is
 * touched only as it fills, so a small test run does not pay for it.
 */
export function sharedBuffersFor(machineBytes: number): string {
  const quarterMb = Math.floor(machineBytes / 4 / 1024 / 1024);
  return `${Math.min(8192, Math.max(256, quarterMb))}MB`;
}

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
  // A container's memory limit, when lower than the machine's (0 when there is none).
  shared_buffers: sharedBuffersFor(Math.min(totalmem(), constrainedMemory() || Number.POSITIVE_INFINITY)),
  max_wal_size: "4GB",
  checkpoint_timeout: "15min",
  log_min_messages: "warning",
};

/** The least `max_locks_per_transaction` we accept on a DATABASE_URL server (checked at start). */
export const minimumLocksPerTransaction = 256;

/** uuidv7() (table defaults) arrived in PostgreSQL 18. */
export const minimumServerVersion = 180000;
