import { randomBytes } from "node:crypto";
import type { Platform } from "@erp/db";
import { type CommonQueryMethods, type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import { buildTenantTables, createTenantSchemaAndRole } from "./buildTenantSchema.ts";
import type { TenantNames } from "./tenantNames.ts";

/*
 * The warm pool holds tenant schemas built ahead of time from the current template: tables and
 * role, no rows. Provisioning claims one by renaming schema and role (≈ 1 ms) instead of building
 * 267 tables (≈ 600 ms), so sign-up does not wait on DDL. The claim happens inside the
 * provisioning transaction: if provisioning fails, the entry is back in the pool.
 */

const entryRow = z.object({ schemaName: z.string(), roleName: z.string() });

/**
 * Takes the oldest pooled schema of `templateVersion` (SKIP LOCKED: concurrent provisions take
 * different ones) and renames it and its role to the tenant's. "built" when the pool is empty.
 */
export async function claimPooledSchema(
  tx: DatabaseTransactionConnection,
  names: TenantNames,
  templateVersion: string,
): Promise<"pool" | "built"> {
  const entry = await tx.maybeOne(sql.type(entryRow)`
    DELETE FROM platform.schema_pool WHERE schema_name = (
      SELECT schema_name FROM platform.schema_pool WHERE template_version = ${templateVersion}
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING schema_name AS "schemaName", role_name AS "roleName"`);
  if (!entry) return "built";
  await tx.query(sql.unsafe`ALTER SCHEMA ${sql.identifier([entry.schemaName])} RENAME TO ${sql.identifier([names.schemaName])}`);
  await tx.query(sql.unsafe`ALTER ROLE ${sql.identifier([entry.roleName])} RENAME TO ${sql.identifier([names.roleName])}`);
  return "pool";
}

export type WarmPoolStatus = { ready: number; stale: number };

/** Entries ready for the current template version, and stale ones built from an older version. */
export async function warmPoolStatus(connection: CommonQueryMethods, templateVersion: string): Promise<WarmPoolStatus> {
  return connection.one(sql.type(z.object({ ready: z.number(), stale: z.number() }))`
    SELECT count(*) FILTER (WHERE template_version = ${templateVersion})::int AS ready,
           count(*) FILTER (WHERE template_version <> ${templateVersion})::int AS stale
    FROM platform.schema_pool`);
}

export type FillWarmPoolOptions = { size: number; onProgress?: (built: number, total: number) => void };

/**
 * Brings stale entries up to date: those built at an older template version number are migrated
 * through the change files (as tenants are), the others (built from files since edited) dropped.
 * Then builds entries until `size` are ready. Each entry in its own transaction, so an interrupted
 * fill keeps what it did; provisioning only ever claims entries of the current build.
 */
export async function fillWarmPool(
  platform: Pick<Platform, "pool" | "templateVersion">,
  options: FillWarmPoolOptions,
): Promise<{ migrated: number; built: number; dropped: number; ready: number }> {
  const templateVersion = platform.templateVersion;
  if (!templateVersion) throw new Error("The template is not built: open the platform with prepare enabled.");
  const migrated = await migrateStaleEntries(platform, templateVersion);
  const dropped = await dropEntries(platform, sql.fragment`template_version <> ${templateVersion}`);
  const { ready } = await warmPoolStatus(platform.pool, templateVersion);
  const missing = Math.max(0, options.size - ready);
  for (let index = 0; index < missing; index++) {
    const schemaName = `pool_${randomBytes(6).toString("hex")}`;
    const names = { schemaName, roleName: `${schemaName}_rw` };
    await platform.pool.transaction(async (tx) => {
      await createTenantSchemaAndRole(tx, names);
      await buildTenantTables(tx, schemaName, templateVersion);
      await tx.query(sql.unsafe`
        INSERT INTO platform.schema_pool (schema_name, role_name, template_version) VALUES (${schemaName}, ${names.roleName}, ${templateVersion})`);
    });
    options.onProgress?.(index + 1, missing);
  }
  return { migrated, built: missing, dropped, ready: ready + missing };
}

const staleEntryRow = z.object({ schemaName: z.string(), fromNumber: z.number(), toNumber: z.number() });

async function migrateStaleEntries(platform: Pick<Platform, "pool">, templateVersion: string): Promise<number> {
  let migrated = 0;
  for (;;) {
    const moved = await platform.pool.transaction(async (tx) => {
      const entry = await tx.maybeOne(sql.type(staleEntryRow)`
        SELECT p.schema_name AS "schemaName", v.version_number AS "fromNumber", target.version_number AS "toNumber"
        FROM platform.schema_pool p
        JOIN platform.template_versions v ON v.version = p.template_version
        JOIN platform.template_versions target ON target.version = ${templateVersion}
        WHERE v.version_number < target.version_number
        LIMIT 1 FOR UPDATE OF p SKIP LOCKED`);
      if (!entry) return false;
      await tx.query(sql.unsafe`SELECT platform.apply_template_changes(${entry.schemaName}, ${entry.fromNumber}, ${entry.toNumber})`);
      await tx.query(
        sql.unsafe`UPDATE platform.schema_pool SET template_version = ${templateVersion} WHERE schema_name = ${entry.schemaName}`,
      );
      return true;
    });
    if (!moved) return migrated;
    migrated++;
  }
}

/** Drops every pooled schema and its role (one per transaction: a drop takes ≈ 7,000 locks). */
export async function drainWarmPool(platform: Pick<Platform, "pool">): Promise<number> {
  return dropEntries(platform, sql.fragment`TRUE`);
}

async function dropEntries(platform: Pick<Platform, "pool">, where: ReturnType<typeof sql.fragment>): Promise<number> {
  let dropped = 0;
  for (;;) {
    const removed = await platform.pool.transaction(async (tx) => {
      const entry = await tx.maybeOne(sql.type(entryRow)`
        DELETE FROM platform.schema_pool WHERE schema_name = (
          SELECT schema_name FROM platform.schema_pool WHERE ${where} LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING schema_name AS "schemaName", role_name AS "roleName"`);
      if (!entry) return false;
      await tx.query(sql.unsafe`DROP SCHEMA IF EXISTS ${sql.identifier([entry.schemaName])} CASCADE`);
      await tx.query(sql.unsafe`DROP ROLE IF EXISTS ${sql.identifier([entry.roleName])}`);
      return true;
    });
    if (!removed) return dropped;
    dropped++;
  }
}
