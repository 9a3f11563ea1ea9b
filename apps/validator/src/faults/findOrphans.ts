import { type DatabasePool, sql } from "slonik";
import { z } from "zod";

/**
 * Tenant parts without the others, among slugs starting with `slugPrefix`: a schema or role with
 * no registry row, or a registry row (not deprovisioned) whose schema or role is missing. Each is
 * one sentence; none means every tenant is either whole or absent.
 */
export async function findOrphans(pool: DatabasePool, slugPrefix: string): Promise<string[]> {
  const like = `tenant\\_${slugPrefix.replaceAll("_", "\\_")}%`;
  const rows = await pool.any(sql.type(z.object({ problem: z.string() }))`
    SELECT format('schema %s exists without a registry row', nspname) AS problem
    FROM pg_namespace
    WHERE nspname LIKE ${like} AND nspname NOT IN (SELECT schema_name FROM platform.tenants)
    UNION ALL
    SELECT format('role %s exists without a registry row', rolname)
    FROM pg_roles
    WHERE rolname LIKE ${like} AND rolname NOT IN (SELECT role_name FROM platform.tenants)
    UNION ALL
    SELECT format('tenant %s is registered but its %s is missing', t.slug,
                  CASE WHEN to_regnamespace(t.schema_name) IS NULL THEN 'schema ' || t.schema_name ELSE 'role ' || t.role_name END)
    FROM platform.tenants t
    WHERE t.schema_name LIKE ${like} AND t.status <> 'deprovisioned'
      AND (to_regnamespace(t.schema_name) IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = t.role_name))`);
  return rows.map((row) => row.problem);
}
