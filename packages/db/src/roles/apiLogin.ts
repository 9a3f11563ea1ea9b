import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import pg from "pg";
import { type CommonQueryMethods, type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { withDatabase } from "../admin/databases.ts";
import { type DbEnv, readDbEnv } from "../env.ts";

/**
 * The role the API's tenant connections log in as (created by platform migration 0003): no
 * superuser, owns nothing, inherits nothing; it can only SET ROLE to a tenant role.
 */
export const apiRoleName = "erp_api";

/**
 * The URL the API's tenant connections use. API_DATABASE_URL when set (a deployment manages that
 * login's password); without a database name in it, the platform's database is used, so one
 * setting also serves the databases tests and the validator create. Otherwise the platform URL
 * with the erp_api login, whose password is derived from the owner's: nothing to store or set
 * up, and whoever holds the owner's password could take any role anyway.
 */
export function apiDatabaseUrl(platformUrl: string, env: Pick<DbEnv, "API_DATABASE_URL"> = readDbEnv()): string {
  if (env.API_DATABASE_URL) {
    const configured = new URL(env.API_DATABASE_URL);
    return configured.pathname.length > 1 ? env.API_DATABASE_URL : withDatabase(env.API_DATABASE_URL, databaseOf(platformUrl));
  }
  const url = new URL(platformUrl);
  const password = derivedPassword(url);
  url.username = apiRoleName;
  url.password = password ?? "";
  return url.toString();
}

/**
 * Makes the database ready for the API login, idempotently (db:migrate, every start, each test
 * database): erp_api may log in with the derived password (unless API_DATABASE_URL manages
 * it), may CONNECT, PUBLIC loses TEMP on the database (so no pg_temp table can shadow a tenant's),
 * and erp_api may SET ROLE to every live tenant and warm-pool role. Needs migration 0003.
 */
export async function ensureApiRole(pool: DatabasePool, platformUrl: string, env: DbEnv = readDbEnv()): Promise<void> {
  await pool.transaction(async (tx) => {
    // Serialises concurrent starts on one database: GRANT and REVOKE rewrite its catalog row.
    await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext('erp.platform.api-role'))`);
    await restrictDatabase(tx);
    await grantMissingMemberships(tx);
  });
  if (!env.API_DATABASE_URL) await ensureApiPassword(pool, platformUrl);
}

/** Lets the API login SET ROLE to a tenant role without inheriting any of its rights. */
export function grantTenantRoleToApi(roleName: string) {
  return sql.unsafe`GRANT ${sql.identifier([roleName])} TO ${sql.identifier([apiRoleName])} WITH INHERIT FALSE, SET TRUE`;
}

async function restrictDatabase(tx: CommonQueryMethods): Promise<void> {
  const state = await tx.one(sql.type(z.object({ name: z.string(), publicTemp: z.boolean(), apiConnect: z.boolean() }))`
    SELECT d.datname AS name,
           EXISTS (SELECT FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                   WHERE a.grantee = 0 AND a.privilege_type = 'TEMPORARY') AS "publicTemp",
           EXISTS (SELECT FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                   WHERE a.grantee = ${apiRoleName}::regrole AND a.privilege_type = 'CONNECT') AS "apiConnect"
    FROM pg_database d WHERE d.datname = current_database()`);
  const database = sql.identifier([state.name]);
  if (state.publicTemp) await tx.query(sql.unsafe`REVOKE TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
  if (!state.apiConnect) await tx.query(sql.unsafe`GRANT CONNECT ON DATABASE ${database} TO ${sql.identifier([apiRoleName])}`);
}

async function grantMissingMemberships(tx: CommonQueryMethods): Promise<void> {
  const missing = await tx.anyFirst(sql.type(z.object({ role: z.string() }))`
    SELECT r.rolname AS role FROM pg_roles r
    WHERE r.rolname IN (SELECT role_name FROM platform.tenants WHERE status <> 'deprovisioned'
                        UNION SELECT role_name FROM platform.schema_pool)
      AND NOT pg_has_role(${apiRoleName}, r.oid, 'SET')`);
  for (const role of missing) await tx.query(grantTenantRoleToApi(role));
}

async function ensureApiPassword(pool: DatabasePool, platformUrl: string): Promise<void> {
  const url = apiDatabaseUrl(platformUrl, {});
  if (await canLogIn(url)) return;
  const password = new URL(url).password;
  // A SCRAM verifier rather than the password: the server never sees (or logs) the password itself.
  const secret = password ? sql.literalValue(scramVerifier(decodeURIComponent(password))) : sql.fragment`NULL`;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query(sql.unsafe`ALTER ROLE ${sql.identifier([apiRoleName])} LOGIN PASSWORD ${secret}`);
      return;
    } catch (error) {
      // Two processes starting at once both found no login: one of them wins the catalog row.
      if (attempt >= 3 || !/tuple concurrently updated/.test(String((error as Error).message))) throw error;
    }
  }
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return true;
  } catch (error) {
    // 28P01 / 28000: wrong password or no LOGIN; anything else (server down) is not ours to fix here.
    const code = (error as { code?: string }).code;
    if (code === "28P01" || code === "28000") return false;
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

function derivedPassword(ownerUrl: URL): string | undefined {
  const owner = decodeURIComponent(ownerUrl.password);
  if (!owner) return undefined;
  return createHmac("sha256", owner).update(`${apiRoleName} login`).digest("base64url");
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** PostgreSQL's SCRAM-SHA-256 password verifier (RFC 5802), as `ALTER ROLE … PASSWORD` accepts it. */
function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const storedKey = createHash("sha256").update(createHmac("sha256", salted).update("Client Key").digest()).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
