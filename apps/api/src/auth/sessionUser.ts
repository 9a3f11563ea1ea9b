import { roleKeys } from "@erp/tenancy";
import { type QuerySqlToken, sql } from "slonik";
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

const sessionUserValue = z.object({ value: sessionUser });
const sessionAliveValue = z.object({ value: z.literal(true) });

/**
 * The user of a live session with roles and permissions, as one jsonb `value` (null when the
 * session was revoked by logout, has expired, or its user is no longer active). It rides along
 * the tenant confinement of every request (withTenantTransaction's `alongside`), so checking the
 * session costs no round trip of its own and a logout takes effect on the very next request.
 * Schema-qualified: it is planned before search_path changes.
 */
export function sessionUserAlongside(schemaName: string, sessionId: string, userId: string): QuerySqlToken<typeof sessionUserValue> {
  const table = (name: string) => sql.identifier([schemaName, name]);
  return sql.type(sessionUserValue)`
    SELECT jsonb_build_object(
      'id', u.id, 'email', u.email, 'displayName', u.display_name,
      'roles', ARRAY(SELECT r.key FROM ${table("user_roles")} ur JOIN ${table("roles")} r ON r.id = ur.role_id WHERE ur.user_id = u.id ORDER BY r.key),
      'permissions', ARRAY(
        SELECT DISTINCT p.key FROM ${table("user_roles")} ur
        JOIN ${table("role_permissions")} rp ON rp.role_id = ur.role_id JOIN ${table("permissions")} p ON p.id = rp.permission_id
        WHERE ur.user_id = u.id ORDER BY p.key
      )
    ) AS value
    FROM ${table("sessions")} s JOIN ${table("users")} u ON u.id = s.user_id
    WHERE s.id = ${sessionId} AND s.user_id = ${userId}
      AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`;
}

/**
 * Whether the session is live (true) or not (null), for a user whose roles and permissions are
 * cached: the same conditions as `sessionUserAlongside`, without loading the grants.
 */
export function sessionAliveAlongside(schemaName: string, sessionId: string, userId: string): QuerySqlToken<typeof sessionAliveValue> {
  const table = (name: string) => sql.identifier([schemaName, name]);
  return sql.type(sessionAliveValue)`
    SELECT true AS value
    FROM ${table("sessions")} s JOIN ${table("users")} u ON u.id = s.user_id
    WHERE s.id = ${sessionId} AND s.user_id = ${userId}
      AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'`;
}
