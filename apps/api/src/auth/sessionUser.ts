import { roleKeys } from "@erp/tenancy";
import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";

/** The signed-in user as every tenant procedure sees it. */
export const sessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUser>;

/** Roles a user can hold, as the API accepts them. */
export const roleKeySchema = z.enum(roleKeys);

/** Columns of `sessionUser` for a user aliased `u` (roles and permissions through their grants). */
export const sessionUserColumns = sql.fragment`
  u.id, u.email, u.display_name AS "displayName",
  ARRAY(SELECT r.key FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.key) AS roles,
  ARRAY(
    SELECT DISTINCT p.key FROM user_roles ur
    JOIN role_permissions rp ON rp.role_id = ur.role_id JOIN permissions p ON p.id = rp.permission_id
    WHERE ur.user_id = u.id ORDER BY p.key
  ) AS permissions`;

/**
 * The user of a live session, with roles and permissions, in one query; null when the session
 * was revoked (logout), has expired, or its user is no longer active. Runs inside the tenant
 * transaction of every request, so a logout takes effect on the very next request.
 */
export async function loadSessionUser(tx: CommonQueryMethods, sessionId: string, userId: string): Promise<SessionUser | null> {
  return tx.maybeOne(sql.type(sessionUser)`
    SELECT ${sessionUserColumns}
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${sessionId} AND s.user_id = ${userId}
      AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`);
}
