import { ErpError } from "@erp/db";
import { type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import type { TenantNames } from "./tenantNames.ts";

/** Creates the schema and builds every template table into it, from the statements the ledger holds for `templateVersion`. */
export async function buildTenantTables(tx: DatabaseTransactionConnection, schemaName: string, templateVersion: string): Promise<void> {
  await tx.query(sql.unsafe`CREATE SCHEMA ${sql.identifier([schemaName])}`);
  const built = await tx.maybeOneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT platform.apply_ddl(${schemaName}, statements) AS count FROM platform.template_versions WHERE version = ${templateVersion}`);
  if (built === null) throw new ErpError(`Template version ${templateVersion} is not in the ledger.`);
}

/**
 * The tenant's own role: DML on its schema's tables and nothing else (no platform, no template,
 * no other tenant). The API runs each request under it, so the database itself refuses a query
 * that strays. The platform user is granted SET on it, so SET ROLE works without superuser.
 */
export async function createTenantRole(tx: DatabaseTransactionConnection, names: TenantNames): Promise<void> {
  const role = sql.identifier([names.roleName]);
  const schema = sql.identifier([names.schemaName]);
  await tx.query(sql.unsafe`CREATE ROLE ${role} NOLOGIN NOINHERIT`);
  await tx.query(sql.unsafe`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  await tx.query(sql.unsafe`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
  await tx.query(sql.unsafe`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`);
  await tx.query(sql.unsafe`GRANT ${role} TO CURRENT_USER WITH INHERIT FALSE, SET TRUE`);
}
