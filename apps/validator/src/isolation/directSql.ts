import { findPgError, rawQuery, templateSchema } from "@erp/db";
import { type DatabasePool, sql } from "slonik";
import type { ValidationTenant } from "../stages/provisioning.ts";
import { createTally } from "./attackTally.ts";

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Thrown after a statement that should have been refused ran, to roll its effects back. */
class Ran extends Error {}

/**
 * SQL run as tenant A's own role (what a request of A runs under), aimed at tenant B's tables,
 * the control plane and the template. PostgreSQL itself must refuse every statement.
 * Role switches (SET ROLE, RESET ROLE) are not tried: they are checked against the session user,
 * the platform's, so the role confines the API's parameterised queries, not arbitrary SQL.
 */
export async function directSqlAttacks(pool: DatabasePool, attacker: ValidationTenant, victim: ValidationTenant) {
  const attack = createTally(
    "Direct SQL as a tenant's role",
    `SQL under ${attacker.roleName} against ${victim.schemaName}, platform and ${templateSchema}: reads, writes, DDL, grants, search_path, server files and programs.`,
  );
  const b = quote(victim.schemaName);
  // A list runs as one sequence in one transaction: the last statement is the attempt.
  const statements: (string | string[])[] = [
    `SELECT * FROM ${b}.products LIMIT 1`,
    `SELECT email, password_hash FROM ${b}.users LIMIT 1`,
    `SELECT * FROM ${b}.sessions LIMIT 1`,
    `INSERT INTO ${b}.brands (slug, name) VALUES ('intruder', 'Intruder')`,
    `UPDATE ${b}.products SET name = 'pwned'`,
    `DELETE FROM ${b}.orders`,
    `TRUNCATE ${b}.customers`,
    `DROP TABLE ${b}.products`,
    `CREATE TABLE ${b}.intruder (id int)`,
    `SELECT * FROM platform.tenants`,
    `UPDATE platform.tenants SET tier = 'enterprise'`,
    `SELECT * FROM platform.template_versions`,
    `SELECT * FROM ${templateSchema}.products`,
    `INSERT INTO ${templateSchema}.brands (slug, name) VALUES ('intruder', 'Intruder')`,
    `CREATE SCHEMA intruder`,
    `CREATE TABLE public.intruder (id int)`,
    `SELECT pg_read_file('/etc/passwd')`,
    `COPY (SELECT 1) TO PROGRAM 'true'`,
    `SELECT rolname, rolpassword FROM pg_authid`,
    `ALTER ROLE ${quote(attacker.roleName)} SUPERUSER`,
    `GRANT USAGE ON SCHEMA ${b} TO ${quote(attacker.roleName)}`,
    [`SELECT set_config('search_path', '${victim.schemaName}', true)`, "SELECT * FROM products LIMIT 1"],
  ];
  for (const statement of statements) {
    try {
      // One transaction per statement, always rolled back; the role is set transaction-locally, as the API does.
      await pool.transaction(async (tx) => {
        await tx.query(sql.unsafe`SELECT set_config('role', ${attacker.roleName}, true)`);
        for (const text of [statement].flat()) await tx.query(rawQuery(text));
        throw new Ran();
      });
    } catch (error) {
      const pg = findPgError(error);
      const text = [statement].flat().join("; ");
      if (error instanceof Ran) attack.leak(`${attacker.roleName} ran: ${text}`);
      else if (pg) attack.refused(`SQLSTATE ${pg.code}`);
      else attack.unexpected(`${text}: ${(error as Error).message}`);
    }
  }
  return attack.tally;
}
