import { sql } from "slonik";
import { grantTenantRoleToApi, type TenantScope } from "../../src/index.ts";
import type { TestDatabase } from "../../src/testing/index.ts";

/**
 * A minimal tenant as provisioning makes one: its schema with one `notes` table holding one row
 * (`name`), and its own role with rights there only, which the API login may SET ROLE to.
 */
export async function createMinimalTenant(db: TestDatabase, name: string): Promise<TenantScope> {
  const scope = { schemaName: `tenant_${db.slug(name)}`, roleName: `tenant_${db.slug(name)}_rw` };
  const schema = sql.identifier([scope.schemaName]);
  const role = sql.identifier([scope.roleName]);
  await db.pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`CREATE SCHEMA ${schema}`);
    await tx.query(sql.unsafe`CREATE TABLE ${sql.identifier([scope.schemaName, "notes"])} (body text)`);
    await tx.query(sql.unsafe`INSERT INTO ${sql.identifier([scope.schemaName, "notes"])} VALUES (${name})`);
    await tx.query(sql.unsafe`CREATE ROLE ${role} NOLOGIN NOINHERIT`);
    await tx.query(sql.unsafe`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await tx.query(sql.unsafe`GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
    await tx.query(grantTenantRoleToApi(scope.roleName));
  });
  return scope;
}
