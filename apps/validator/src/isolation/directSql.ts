import { apiDatabaseUrl, findPgError, type Platform, rawQuery, TenantPool, templateSchema, withTenantTransaction } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { ValidationTenant } from "../stages/provisioning.ts";
import { createTally } from "./attackTally.ts";

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Thrown after a statement that should have been refused ran, to roll its effects back. */
class Ran extends Error {}

/**
 * SQL run on a connection taken the way the API takes it (the API login, inside tenant A's
 * transaction under A's own role), aimed at tenant B's tables, the control plane, the template,
 * the role itself and the connection's session. PostgreSQL itself must refuse every statement,
 * and nothing a transaction sets may reach the next tenant's transaction on that connection.
 * Not tried: a whole `SET ROLE <B's role>` statement. PostgreSQL checks SET ROLE against the
 * login role, which may become every tenant role, so it would succeed; the API never sends a
 * statement it did not write, over the extended protocol (one statement per message), and an
 * expression cannot switch roles (set_config is revoked from tenant roles).
 */
export async function directSqlAttacks(platform: Pick<Platform, "url">, attacker: ValidationTenant, victim: ValidationTenant) {
  const attack = createTally(
    "Direct SQL as a tenant's role",
    `SQL under ${attacker.roleName}, logged in as the API, against ${victim.schemaName}, platform and ${templateSchema}: reads, writes, DDL, grants, role switches, temporary tables, statistics, search_path, session settings left to the next tenant, server files and programs.`,
  );
  const b = quote(victim.schemaName);
  const owner = quote(decodeURIComponent(new URL(platform.url).username));
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
    `SELECT set_config('search_path', '${victim.schemaName}', true)`,
    // Role escapes: back to the login (which reads nothing), or on to another role.
    `SELECT set_config('role', 'none', true)`,
    `SELECT set_config('role', '${victim.roleName}', true)`,
    ["RESET ROLE", "SELECT * FROM platform.tenants"],
    ["RESET ROLE", `SELECT * FROM ${b}.customers LIMIT 1`],
    ["RESET ROLE", `CREATE TEMP TABLE customers (LIKE ${b}.customers)`],
    `SET ROLE ${owner}`,
    `SET SESSION AUTHORIZATION ${owner}`,
    // A temporary table would shadow the next tenant's table of that name on this connection.
    `CREATE TEMP TABLE customers (id int)`,
    // Other tenants' row counts and activity.
    `SELECT relname, n_live_tup FROM pg_stat_all_tables`,
    `SELECT pg_stat_get_live_tuples('${victim.schemaName}.customers'::regclass)`,
  ];
  const pool = await TenantPool.open(apiDatabaseUrl(platform.url), { maxPoolSize: 1 });
  try {
    for (const statement of statements) {
      try {
        // One transaction per statement, always rolled back.
        await withTenantTransaction(pool, attacker, async (tx) => {
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
    await sessionStateAttack(pool, attacker, victim, attack);
  } finally {
    await pool.end();
  }
  return attack.tally;
}

const sessionState = sql.type(
  z.object({ role: z.string(), searchPath: z.string(), workMem: z.string(), timeout: z.string(), readOnly: z.string() }),
)`
  SELECT current_user AS role, current_setting('search_path') AS "searchPath", current_setting('work_mem') AS "workMem",
         current_setting('statement_timeout') AS timeout, current_setting('transaction_read_only') AS "readOnly"`;

/** A's committed transaction sets what it can at session level; B's next one on the connection must not see it. */
async function sessionStateAttack(
  pool: TenantPool,
  attacker: ValidationTenant,
  victim: ValidationTenant,
  attack: ReturnType<typeof createTally>,
): Promise<void> {
  const before = await withTenantTransaction(pool, victim, (tx) => tx.one(sessionState));
  await withTenantTransaction(pool, attacker, async (tx) => {
    for (const text of [
      `SET search_path = ${quote(attacker.schemaName)}`,
      "SET work_mem = '77MB'",
      "SET statement_timeout = '123s'",
      "SET default_transaction_read_only = on",
      "RESET ROLE",
      `SELECT set_config('search_path', '${attacker.schemaName}', false)`,
      `SET SESSION ROLE ${quote(attacker.roleName)}`,
    ]) {
      await tx.query(rawQuery(text));
    }
  });
  const after = await withTenantTransaction(pool, victim, (tx) => tx.one(sessionState));
  const changed = (Object.keys(before) as (keyof typeof before)[]).filter((key) => before[key] !== after[key]);
  if (changed.length > 0)
    attack.leak(`session settings of ${attacker.roleName} reached ${victim.roleName}'s transaction: ${changed.join(", ")}`);
  else attack.refused("session reset");
}
