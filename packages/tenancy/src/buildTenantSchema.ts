import { ErpError, grantTenantRoleToApi } from "@erp/db";
import { type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import type { TenantNames } from "./tenantNames.ts";

/**
 * The tenant's schema and its own role: DML on the schema's tables and nothing else (no
 * platform, no template, no other tenant). The API runs each request under it, so the database
 * itself refuses a query that strays. The rights are default privileges, set before the tables
 * exist, so each table is created with its grant instead of 267 catalog rows being rewritten by a
 * GRANT afterwards. The API's login role (erp_api) may SET ROLE to it without inheriting its
 * rights, and so may the platform user (so SET ROLE works for it without superuser).
 */
export async function createTenantSchemaAndRole(tx: DatabaseTransactionConnection, names: TenantNames): Promise<void> {
  const role = sql.identifier([names.roleName]);
  const schema = sql.identifier([names.schemaName]);
  await tx.query(sql.unsafe`CREATE SCHEMA ${schema}`);
  await tx.query(sql.unsafe`CREATE ROLE ${role} NOLOGIN NOINHERIT`);
  await tx.query(sql.unsafe`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
  await tx.query(sql.unsafe`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`);
  await tx.query(sql.unsafe`ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`);
  await tx.query(sql.unsafe`GRANT ${role} TO CURRENT_USER WITH INHERIT FALSE, SET TRUE`);
  await tx.query(grantTenantRoleToApi(names.roleName));
}

/** Builds every template table into the (new) schema, from the statements the ledger holds for `templateVersion`. */
export async function buildTenantTables(tx: DatabaseTransactionConnection, schemaName: string, templateVersion: string): Promise<void> {
  const built = await tx.maybeOneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT platform.apply_ddl(${schemaName}, statements) AS count FROM platform.template_versions WHERE version = ${templateVersion}`);
  if (built === null) throw new ErpError(`Template version ${templateVersion} is not in the ledger.`);
}
