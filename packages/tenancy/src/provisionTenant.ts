import { ConflictError, ErpError, findPgError, type Platform, toDomainError } from "@erp/db";
import { type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import { defaultRoles, laterPermissions, permissionKeys, roleKeys, specialPermissionKeys } from "./auth/defaultRoles.ts";
import { hashPassword } from "./auth/passwordHash.ts";
import { buildTenantTables, createTenantSchemaAndRole } from "./buildTenantSchema.ts";
import { type ParsedProvisionInput, type ProvisionInput, parseInput, provisionInputSchema } from "./inputs.ts";
import { recordEvent, type Tenant, tenantColumns, tenantRow } from "./registry.ts";
import { type TenantNames, tenantNames } from "./tenantNames.ts";
import type { Tier } from "./tiers.ts";
import { claimPooledSchema } from "./warmPool.ts";

/** Phases in order; a tenant gets either `pool` (a warm schema claimed) or `role` (schema and role) + `tables` (built). */
export const provisionPhases = ["registry", "pool", "role", "tables", "auth", "books", "demo-data", "events"] as const;
export type ProvisionPhase = (typeof provisionPhases)[number];

export type DemoDataContext = { slug: string; schemaName: string; tier: Tier; seed: string };
export type DemoDataSummary = { rows: number; tables: Record<string, number> };
/** Fills a new tenant with demo data, inside the provisioning transaction (search_path = the tenant). */
export type DemoDataSeeder = (tx: DatabaseTransactionConnection, context: DemoDataContext) => Promise<DemoDataSummary>;

export type ProvisionOptions = {
  /** Required when `seedDemoData` is set: the tier's demo data (from @erp/seed). */
  seeder?: DemoDataSeeder;
  /** Called after each phase, inside the transaction: progress and timing (throwing aborts and rolls back). */
  onPhase?: (phase: ProvisionPhase, ms: number) => void | Promise<void>;
};

export type ProvisionedTenant = {
  tenant: Tenant;
  admin: { id: string; email: string };
  demoData: DemoDataSummary | null;
  /** `pool`: a pre-built schema from the warm pool was claimed; `built`: the tables were built now. */
  source: "pool" | "built";
  timings: Partial<Record<ProvisionPhase, number>>;
  totalMs: number;
};

/**
 * Provisions a tenant in one transaction: registry row, schema with every template table and its
 * own role (claimed from the warm pool when one is ready, built otherwise), default roles and the
 * admin user, optional demo data, events. Any failure rolls all
 * of it back (PostgreSQL DDL is transactional), so nothing of a failed attempt remains.
 * Two concurrent calls with one slug: the second waits on the registry's unique key and gets a ConflictError.
 */
export async function provisionTenant(
  platform: Pick<Platform, "pool" | "templateVersion">,
  input: ProvisionInput,
  options: ProvisionOptions = {},
): Promise<ProvisionedTenant> {
  const parsed = parseInput(provisionInputSchema, input);
  if (parsed.seedDemoData && !options.seeder) throw new ErpError("seedDemoData needs a demo data seeder.");
  if (!platform.templateVersion) throw new ErpError("The template is not built: open the platform with prepare enabled.");
  const templateVersion = platform.templateVersion;
  const names = tenantNames(parsed.slug);
  // argon2id (m=19 MiB, t=2, p=1) is deliberately slow (≈ 25 ms of CPU): it runs on the thread pool while PostgreSQL builds the tables.
  const passwordHash = hashPassword(parsed.admin.password);
  passwordHash.catch(() => {});

  const started = performance.now();
  const timings: Partial<Record<ProvisionPhase, number>> = {};
  let phaseStarted = started;
  const done = async (phase: ProvisionPhase) => {
    const now = performance.now();
    timings[phase] = Math.round((now - phaseStarted) * 10) / 10;
    phaseStarted = now;
    await options.onPhase?.(phase, timings[phase]);
  };

  try {
    return await platform.pool.transaction(async (tx) => {
      const tenant = await insertRegistryRow(tx, parsed, names, templateVersion);
      await done("registry");
      const source = await claimPooledSchema(tx, names, templateVersion);
      if (source === "built") {
        await createTenantSchemaAndRole(tx, names);
        await done("role");
        await buildTenantTables(tx, names.schemaName, templateVersion);
        await done("tables");
      } else {
        await done("pool");
      }
      const versionNumber = await tx.oneFirst(
        sql.type(
          z.object({ n: z.number() }),
        )`SELECT version_number AS n FROM platform.template_versions WHERE version = ${templateVersion}`,
      );
      const hasBooks = versionNumber >= booksTemplateVersion;
      const admin = await seedAuth(tx, names.schemaName, parsed, await passwordHash, hasBooks);
      await done("auth");
      // The books (chart of accounts, posting accounts, numbering, fiscal years around today):
      // every tenant can post from its first request, whatever its tier.
      await tx.query(sql.unsafe`SELECT set_config('search_path', quote_ident(${names.schemaName}), true)`);
      if (hasBooks) await tx.query(sql.unsafe`SELECT set_up_books(current_date)`);
      await done("books");
      let demoData: DemoDataSummary | null = null;
      if (parsed.seedDemoData && options.seeder) {
        demoData = await options.seeder(tx, {
          slug: parsed.slug,
          schemaName: names.schemaName,
          tier: parsed.tier,
          seed: parsed.demoDataSeed ?? parsed.slug,
        });
        await done("demo-data");
      }
      await tx.query(sql.unsafe`SELECT set_config('search_path', 'pg_catalog', true)`);
      await recordEvent(tx, tenant.id, "provisioned", { tier: parsed.tier, templateVersion, source, timings });
      if (demoData) await recordEvent(tx, tenant.id, "seeded", { rows: demoData.rows, seed: parsed.demoDataSeed ?? parsed.slug });
      await done("events");
      return { tenant, admin, demoData, source, timings, totalMs: Math.round(performance.now() - started) };
    });
  } catch (error) {
    throw describeProvisionFailure(error, parsed.slug, names);
  }
}

async function insertRegistryRow(
  tx: DatabaseTransactionConnection,
  input: ParsedProvisionInput,
  names: TenantNames,
  templateVersion: string,
) {
  return tx.one(sql.type(tenantRow)`
    INSERT INTO platform.tenants (slug, name, schema_name, role_name, tier, status, template_version)
    VALUES (${input.slug}, ${input.name ?? input.slug}, ${names.schemaName}, ${names.roleName}, ${input.tier}, 'active', ${templateVersion})
    RETURNING ${tenantColumns}`);
}

/**
 * Template version 3 brought the books (`set_up_books`) and the special permissions. A tenant built
 * from an older build (a test of the rollout, or a build recorded before) gets what its version has,
 * and receives the rest when change 0003 migrates it.
 */
const booksTemplateVersion = 3;

/**
 * Default roles and permissions, and the admin user: one statement. A schema from the warm pool
 * may already hold the permission rows a change file added (0003): they are kept and granted.
 */
async function seedAuth(
  tx: DatabaseTransactionConnection,
  schemaName: string,
  input: ParsedProvisionInput,
  passwordHash: string,
  hasSpecialPermissions: boolean,
) {
  const table = (name: string) => sql.identifier([schemaName, name]);
  // Rights that came with a later change (laterPermissions) exist once the schema has that change.
  const present = await tx.oneFirst(sql.type(z.object({ tables: z.array(z.string()) }))`
    SELECT coalesce(array_agg(t), '{}') AS tables
    FROM unnest(${sql.array(
      laterPermissions.map((later) => later.cameWith),
      "text",
    )}::text[]) AS t
    WHERE to_regclass(format('%I.%I', ${schemaName}::text, t)) IS NOT NULL`);
  const missing = laterPermissions.filter((later) => !present.includes(later.cameWith)).flatMap((later) => [...later.keys]);
  const keys = permissionKeys.filter(
    (key) =>
      (hasSpecialPermissions || !specialPermissionKeys.some((special) => special === key)) && !missing.some((later) => later === key),
  );
  const pairs = roleKeys.flatMap((role) => defaultRoles[role].permissions.map((permission) => [role, permission] as const));
  const id = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    WITH new_permissions AS (
      INSERT INTO ${table("permissions")} (key, module, action)
      SELECT key, split_part(key, '.', 1), split_part(key, '.', 2) FROM unnest(${sql.array(keys, "text")}) AS key
      ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at
      RETURNING id, key
    ), new_roles AS (
      INSERT INTO ${table("roles")} (key, name, description, is_system)
      SELECT key, name, description, true
      FROM ${sql.unnest(
        roleKeys.map((role) => [role, defaultRoles[role].name, defaultRoles[role].description]),
        ["text", "text", "text"],
      )} AS r(key, name, description)
      RETURNING id, key
    ), grants AS (
      INSERT INTO ${table("role_permissions")} (role_id, permission_id)
      SELECT r.id, p.id
      FROM ${sql.unnest(pairs, ["text", "text"])} AS pair(role_key, permission_key)
      JOIN new_roles r ON r.key = pair.role_key
      JOIN new_permissions p ON p.key = pair.permission_key
    ), admin_user AS (
      INSERT INTO ${table("users")} (email, display_name, password_hash)
      VALUES (${input.admin.email}, 'Administrator', ${passwordHash})
      RETURNING id
    ), admin_role AS (
      INSERT INTO ${table("user_roles")} (user_id, role_id)
      SELECT admin_user.id, new_roles.id FROM admin_user, new_roles WHERE new_roles.key = 'admin'
    )
    SELECT id FROM admin_user`);
  return { id, email: input.admin.email };
}

function describeProvisionFailure(error: unknown, slug: string, names: TenantNames): unknown {
  const pg = findPgError(error);
  if (pg?.code === "23505" && pg.constraint === "tenants_slug_key") {
    return new ConflictError(`A tenant with the slug '${slug}' already exists (slugs are never reused, even after deprovisioning).`, {
      cause: error,
    });
  }
  if (pg?.code === "42P06") {
    return new ConflictError(`Schema ${names.schemaName} already exists outside the registry: drop it or choose another slug.`, {
      cause: error,
    });
  }
  if (pg?.code === "42710") {
    return new ConflictError(`Role ${names.roleName} already exists outside the registry: drop it or choose another slug.`, {
      cause: error,
    });
  }
  return toDomainError(error);
}
