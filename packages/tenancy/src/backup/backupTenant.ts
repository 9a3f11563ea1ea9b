import { createHash } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rename, stat, unlink } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import {
  ConflictError,
  type DirectConnection,
  findPgError,
  fingerprintSchema,
  InvalidInputError,
  NotFoundError,
  openDirectConnection,
  type Platform,
} from "@erp/db";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { sql } from "slonik";
import { z } from "zod";
import { tiers } from "../tiers.ts";
import { type BackupHeader, backupFormat, backupFormatVersion, endOfRows } from "./backupFormat.ts";
import { sequenceValues, tenantTables } from "./tenantTables.ts";

export type BackupOptions = {
  /** After each table: tables written so far, of how many, and rows so far. */
  onTable?: (done: number, total: number, rows: number) => void | Promise<void>;
};

export type BackupSummary = { slug: string; file: string; tables: number; rows: number; bytes: number; ms: number };

const sourceRow = z.object({
  slug: z.string(),
  name: z.string(),
  schemaName: z.string(),
  tier: z.enum(tiers),
  status: z.string(),
  templateVersion: z.string(),
  templateVersionNumber: z.number().int(),
  fingerprint: z.string().nullable(),
});

/**
 * Writes one tenant's rows to a gzip file (format: backupFormat.ts), from one snapshot: a
 * REPEATABLE READ transaction sees the tenant as it was at its first statement, across every
 * table, while requests go on. That statement also takes a share lock on the tenant's registry
 * row, so a template migration, a tier change or a deprovisioning of this tenant waits until the
 * backup ends and the structure cannot change under it. The file appears only when complete
 * (written under another name, then renamed).
 */
export async function backupTenant(
  platform: Pick<Platform, "pool" | "url">,
  slug: string,
  file: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const started = performance.now();
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  )
    throw new InvalidInputError(`The file ${file} already exists: choose another --out file (a backup never overwrites one).`);
  const connection = await openDirectConnection(platform.url, "erp-backup");
  const partial = `${file}.partial-${process.pid}`;
  let written = false;
  try {
    await connection.client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    const tenant = await lockSource(connection, slug);
    // Restore rebuilds the structure from the recorded build: a schema that drifted from it would not come back as it is.
    if (tenant.fingerprint !== null && (await fingerprintSchema(platform.pool, tenant.schemaName)) !== tenant.fingerprint) {
      throw new ConflictError(
        `The structure of tenant '${slug}' differs from its template build (see \`pnpm tenants check --slug ${slug}\`): fix the drift before backing it up.`,
      );
    }
    const tables = await tenantTables(connection.queries, tenant.schemaName);
    const header: BackupHeader = {
      format: backupFormat,
      formatVersion: backupFormatVersion,
      takenAt: new Date().toISOString(),
      tenant: {
        slug: tenant.slug,
        name: tenant.name,
        tier: tenant.tier,
        templateVersion: tenant.templateVersion,
        templateVersionNumber: tenant.templateVersionNumber,
        fingerprint: tenant.fingerprint,
      },
      tables,
    };

    const gzip = createGzip();
    const done = pipeline(gzip, createWriteStream(partial, { flags: "wx" }));
    done.catch(() => {});
    written = true;
    const write = async (chunk: string | Buffer) => {
      if (!gzip.write(chunk)) await Promise.race([once(gzip, "drain"), done]);
    };
    await write(`${JSON.stringify(header)}\n`);
    let rows = 0;
    for (const [index, table] of tables.entries()) {
      await write(`${JSON.stringify({ table: table.name, columns: table.columns })}\n`);
      const hash = createHash("sha256");
      let tableRows = 0;
      const columns = table.columns.map((column) => pg.escapeIdentifier(column)).join(", ");
      const rowsOut = connection.client.query(
        copyTo(`COPY ${pg.escapeIdentifier(tenant.schemaName)}.${pg.escapeIdentifier(table.name)} (${columns}) TO STDOUT`),
      );
      for await (const chunk of rowsOut as AsyncIterable<Buffer>) {
        hash.update(chunk);
        // One row per line: COPY's text format escapes the newlines inside values.
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) tableRows++;
        await write(chunk);
      }
      await write(`${endOfRows}\n${JSON.stringify({ table: table.name, rows: tableRows, sha256: hash.digest("hex") })}\n`);
      rows += tableRows;
      await options.onTable?.(index + 1, tables.length, rows);
    }
    const sequences = await sequenceValues(connection.queries, tenant.schemaName);
    await write(`${JSON.stringify({ end: true, tables: tables.length, rows, sequences })}\n`);
    gzip.end();
    await done;
    await connection.client.query("COMMIT");
    await rename(partial, file);
    const { size } = await stat(file);
    return { slug, file, tables: tables.length, rows, bytes: size, ms: Math.round(performance.now() - started) };
  } catch (error) {
    // Nothing to roll back (the transaction only read): closing the connection ends it, even in the middle of a COPY.
    if (written) await unlink(partial).catch(() => {});
    throw describeBackupFailure(error, file);
  } finally {
    await connection.close().catch(() => {});
  }
}

async function lockSource(connection: DirectConnection, slug: string) {
  const tenant = await connection.queries.maybeOne(sql.type(sourceRow)`
    SELECT t.slug, t.name, t.schema_name AS "schemaName", t.tier, t.status, t.template_version AS "templateVersion",
      v.version_number AS "templateVersionNumber", v.fingerprint
    FROM platform.tenants t JOIN platform.template_versions v ON v.version = t.template_version
    WHERE t.slug = ${slug}
    FOR SHARE OF t`);
  if (!tenant) throw new NotFoundError(`No tenant has the slug '${slug}'.`);
  if (tenant.status === "deprovisioned") throw new ConflictError(`Tenant '${slug}' is deprovisioned: its data is gone.`);
  return tenant;
}

function describeBackupFailure(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown })?.code;
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOTDIR" || code === "EEXIST") {
    return new InvalidInputError(`Cannot write the backup to ${file} (${code}): choose a path in a writable folder.`, { cause: error });
  }
  if (findPgError(error)?.code === "40001") {
    return new ConflictError("The tenant changed as the backup started (a migration or a tier change): run the backup again.", {
      cause: error,
    });
  }
  return error;
}
