import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";

/** Expired attempts one sign-in deletes at most: a backlog drains over a few sign-ins, none waits on a long delete. */
const prunedPerAttempt = 100;

export type LoginAttempt = {
  userId: string | null;
  email: string;
  succeeded: boolean;
  ip: string | undefined;
  /** Set when this failure locked the account: written to the audit log. */
  lockedSeconds?: number;
  /** Days an attempt is kept. */
  retentionDays: number;
};

/**
 * Records a checked sign-in in the tenant's `login_attempts`, deletes attempts older than the
 * retention (so the table holds at most that many days of sign-ins), and writes a lockout to
 * `audit_log`. Runs in the caller's tenant transaction, so it touches the tenant's own schema only.
 *
 * Expired rows are found by primary key: ids are uuidv7, whose leading bits are the creation
 * time, so `id < uuidv7(-retention)` is a range scan of the primary key index (no index on
 * `attempted_at` needed). Rows already being deleted by a concurrent sign-in are skipped.
 */
export async function recordLoginAttempt(tx: TenantQueries, attempt: LoginAttempt): Promise<void> {
  const ip = attempt.ip ?? null;
  const email = attempt.email.slice(0, 320);
  const lockout = JSON.stringify({ email, ip, lockedSeconds: attempt.lockedSeconds ?? null });
  // One statement, one round trip; its parts run whether or not the final SELECT reads them.
  await tx.query(sql.unsafe`
    WITH recorded AS (
      INSERT INTO login_attempts (user_id, email, succeeded, ip_address)
      VALUES (${attempt.userId}::uuid, ${email}, ${attempt.succeeded}, ${ip}::inet)
    ), pruned AS (
      DELETE FROM login_attempts WHERE id IN (
        SELECT id FROM login_attempts
        WHERE id < uuidv7(-make_interval(days => ${attempt.retentionDays}))
        ORDER BY id LIMIT ${prunedPerAttempt} FOR UPDATE SKIP LOCKED)
    ), audited AS (
      INSERT INTO audit_log (action, entity, entity_id, data)
      SELECT 'auth.account_locked', 'user', ${attempt.userId}::uuid, ${lockout}::jsonb
      WHERE ${attempt.lockedSeconds !== undefined}
    )
    SELECT 1`);
}
