import { createHash } from "node:crypto";
import { once } from "node:events";
import {
  ConfigurationError,
  ConflictError,
  type DirectConnection,
  ErpError,
  findPgError,
  InvalidInputError,
  openDirectConnection,
  type Platform,
  parseInput,
  toDomainError,
} from "@erp/db";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type CommonQueryMethods, type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import { buildTenantTables, createTenantSchemaAndRole } from "../buildTenantSchema.ts";
import { findTenant, recordEvent, type Tenant, tenantColumns, tenantRow } from "../registry.ts";
import { slugSchema, type TenantNames, tenantNames } from "../tenantNames.ts";
import { claimPooledSchema } from "../warmPool.ts";
import { type BackupHeader, backupEnd, endOfRows, tableEnd, tableStart } from "./backupFormat.ts";
import { type BackupReader, openBackup } from "./readBackup.ts";
import { tenantTables } from "./tenantTables.ts";
import { verifyForeignKeys } from "./verifyForeignKeys.ts";

/** The system's rules over a tenant's data (`checkInvariants` of @erp/erp, which this package cannot import). */
export type InvariantCheck = (
  connection: CommonQueryMethods,
  schemaName: string,
) => Promise<readonly { name: string; ok: boolean; detail: string }[]>;

export type RestoreOptions = {
  /** Run on the loaded rows before commit: a broken rule refuses the restore. */
  checkInvariants: InvariantCheck;
  /** After each table: tables loaded so far, of how many, and rows so far. */
  onTable?: (done: number, total: number, rows: number) => void | Promise<void>;
};

export type RestoreInput = { slug: string; name?: string };

export type RestoreSummary = {
  tenant: Tenant;
  /** The slug the backup was taken from and when. */
  from: { slug: string; takenAt: string };
  tables: number;
  rows: number;
  ms: number;
  /** Where the time went: building the schema, loading the rows, checking foreign keys, running the invariants. */
  timings: { build: number; load: number; foreignKeys: number; invariants: number };
};

const restoreInput = z.object({
  slug: slugSchema,
  name: z
    .string({ error: "name must be a string" })
    .trim()
    .min(1, { error: "name must not be empty" })
    .max(200, { error: "name must be at most 200 characters" })
    .optional(),
});

/**
 * Creates a new tenant from a backup, all or nothing, in one transaction: its registry row, its
 * schema and role built from the template build the backup names (as provisioning builds them),
 * then every table's rows through COPY, each table's row count and checksum compared with the
 * file's. Rows are loaded as a replica would (`session_replication_role = replica`): triggers do
 * not fire, because the rows are already what those triggers produced (posted documents, whose
 * immutability triggers refuse the very rows; balanced entries checked at commit) and foreign keys
 * cannot be loaded in order (self-references, cycles). So, before commit, every foreign key of a
 * table that received rows is checked row by row and every invariant runs; anything wrong rolls the whole restore back, and no
 * tenant, schema or role is left behind.
 */
export async function restoreTenant(
  platform: Pick<Platform, "pool" | "url">,
  file: string,
  input: RestoreInput,
  options: RestoreOptions,
): Promise<RestoreSummary> {
  const started = performance.now();
  const parsed = parseInput(restoreInput, input);
  const reader = await openBackup(file);
  try {
    const { header } = reader;
    if (await findTenant(platform.pool, parsed.slug)) throw slugTaken(parsed.slug);
    const build = await buildFor(platform, header);
    const names = tenantNames(parsed.slug);
    const connection = await openDirectConnection(platform.url, "erp-restore");
    try {
      const timings = { build: 0, load: 0, foreignKeys: 0, invariants: 0 };
      let phaseStarted = performance.now();
      const phase = (name: keyof typeof timings) => {
        const now = performance.now();
        timings[name] = Math.round(now - phaseStarted);
        phaseStarted = now;
      };
      await connection.client.query("BEGIN");
      const tenant = await connection.queries.one(sql.type(tenantRow)`
        INSERT INTO platform.tenants (slug, name, schema_name, role_name, tier, status, template_version)
        VALUES (${parsed.slug}, ${parsed.name ?? header.tenant.name}, ${names.schemaName}, ${names.roleName}, ${header.tenant.tier}, 'active', ${build})
        RETURNING ${tenantColumns}`);
      const tx = connection.queries as unknown as DatabaseTransactionConnection;
      // As provisioning does: a warm-pool schema of that build when one is ready, else built now.
      if ((await claimPooledSchema(tx, names, build)) === "built") {
        await createTenantSchemaAndRole(tx, names);
        await buildTenantTables(tx, names.schemaName, build);
      }
      await expectSameTables(connection, header, names.schemaName, file);
      phase("build");
      const { rows, filled } = await loadRows(connection, reader, header, names, file, options);
      phase("load");
      const broken = await verifyForeignKeys(connection.queries, names.schemaName, filled);
      phase("foreignKeys");
      if (broken.length > 0) {
        throw new InvalidInputError(`The rows in ${file} break ${broken.length} foreign key(s), e.g. ${broken[0]}: nothing was restored.`);
      }
      const failed = (await options.checkInvariants(connection.queries as unknown as CommonQueryMethods, names.schemaName)).filter(
        (result) => !result.ok,
      );
      phase("invariants");
      if (failed.length > 0) {
        throw new InvalidInputError(
          `The rows in ${file} break ${failed.length} invariant(s), e.g. ${failed[0]?.name}: ${failed[0]?.detail}; nothing was restored.`,
        );
      }
      await recordEvent(connection.queries as unknown as CommonQueryMethods, tenant.id, "provisioned", {
        tier: tenant.tier,
        templateVersion: build,
        source: "backup",
        from: header.tenant.slug,
        takenAt: header.takenAt,
        rows,
      });
      await connection.client.query("COMMIT");
      return {
        tenant,
        from: { slug: header.tenant.slug, takenAt: header.takenAt },
        tables: header.tables.length,
        rows,
        ms: Math.round(performance.now() - started),
        timings,
      };
    } catch (error) {
      await connection.client.query("ROLLBACK").catch(() => {});
      throw describeRestoreFailure(error, parsed.slug, names);
    } finally {
      await connection.close().catch(() => {});
    }
  } finally {
    reader.close();
  }
}

/**
 * The template build to restore into: the one the backup names, or one recorded here with the
 * same catalog fingerprint (the same structure, built from the same source elsewhere). A build of
 * another structure would not take the rows as they are: refused, before anything is created.
 */
async function buildFor(platform: Pick<Platform, "pool">, header: BackupHeader): Promise<string> {
  const { templateVersion, templateVersionNumber, fingerprint } = header.tenant;
  const build = await platform.pool.maybeOneFirst(sql.type(z.object({ version: z.string() }))`
    SELECT version FROM platform.template_versions
    WHERE version = ${templateVersion} OR (fingerprint IS NOT NULL AND fingerprint = ${fingerprint})
    ORDER BY version = ${templateVersion} DESC, created_at DESC
    LIMIT 1`);
  if (build === null) {
    throw new InvalidInputError(
      `This installation cannot build template version ${templateVersionNumber} (build ${templateVersion}), which the backup was taken at: restore it with a platform build of that version.`,
    );
  }
  return build;
}

/** The new schema's tables and columns are the backup's, in the same order (they are, when the build is the backup's). */
async function expectSameTables(connection: DirectConnection, header: BackupHeader, schemaName: string, file: string) {
  const built = new Map((await tenantTables(connection.queries, schemaName)).map((table) => [table.name, table.columns.join(",")]));
  const differing = header.tables.find((table) => built.get(table.name) !== table.columns.join(","));
  if (differing || built.size !== header.tables.length) {
    throw new InvalidInputError(
      `The tables in ${file} do not match its template build${differing ? ` (table ${differing.name})` : ""}: nothing was restored.`,
    );
  }
}

/** Every table's rows, through COPY with triggers off; each table's count and checksum must be the file's. */
async function loadRows(
  connection: DirectConnection,
  reader: BackupReader,
  header: BackupHeader,
  names: TenantNames,
  file: string,
  options: RestoreOptions,
): Promise<{ rows: number; filled: Set<string> }> {
  const damaged = (why: string) => new InvalidInputError(`${file} is damaged (${why}): nothing was restored.`);
  try {
    await connection.client.query("SET LOCAL session_replication_role = replica");
  } catch (error) {
    if (findPgError(error)?.code !== "42501") throw error;
    throw new ConfigurationError(
      "Restoring needs a database user that may set session_replication_role (a superuser, or GRANT SET ON PARAMETER session_replication_role to it).",
      { cause: error },
    );
  }
  let rows = 0;
  const filled = new Set<string>();
  for (const [index, table] of header.tables.entries()) {
    const start = await reader.nextRecord(tableStart, `the rows of table ${table.name}`);
    if (start.table !== table.name || start.columns.join(",") !== table.columns.join(",")) {
      throw damaged(`table ${table.name} expected, found ${start.table}`);
    }
    const hash = createHash("sha256");
    const columns = table.columns.map((column) => pg.escapeIdentifier(column)).join(", ");
    const rowsIn = connection.client.query(
      copyFrom(`COPY ${pg.escapeIdentifier(names.schemaName)}.${pg.escapeIdentifier(table.name)} (${columns}) FROM STDIN`),
    );
    const finished = new Promise<void>((resolve, reject) => {
      rowsIn.on("finish", resolve);
      rowsIn.on("error", reject);
      rowsIn.on("close", () => reject(new Error("The COPY stream closed before it finished.")));
    });
    finished.catch(() => {});
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const chunk = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      if (!rowsIn.write(chunk)) await Promise.race([once(rowsIn, "drain"), finished]);
    };
    let tableRows = 0;
    try {
      for (;;) {
        const line = await reader.next();
        if (line === null) throw damaged(`it ends inside table ${table.name}; the file is truncated`);
        if (line.length === endOfRows.length + 1 && line.toString("utf8", 0, endOfRows.length) === endOfRows) break;
        hash.update(line);
        tableRows++;
        pending.push(line);
        pendingBytes += line.length;
        if (pendingBytes >= 256 * 1024) await flush();
      }
      await flush();
      rowsIn.end();
      await finished;
    } catch (error) {
      // Abandoned mid-COPY: destroying the stream sends CopyFail, so the connection leaves COPY and can roll back.
      rowsIn.destroy(error as Error);
      await finished.catch(() => {});
      throw error;
    }
    const end = await reader.nextRecord(tableEnd, `the checksum of table ${table.name}`);
    if (end.table !== table.name || end.rows !== tableRows || rowsIn.rowCount !== tableRows) {
      throw damaged(`table ${table.name} should have ${end.rows} rows, it has ${tableRows}`);
    }
    if (end.sha256 !== hash.digest("hex")) throw damaged(`the checksum of table ${table.name} does not match its rows`);
    rows += tableRows;
    if (tableRows > 0) filled.add(table.name);
    await options.onTable?.(index + 1, header.tables.length, rows);
  }
  const end = await reader.nextRecord(backupEnd, "its end record");
  if (end.tables !== header.tables.length || end.rows !== rows) throw damaged("its totals do not match its tables");
  if ((await reader.next()) !== null) throw damaged("there is data after its end record");
  for (const sequence of end.sequences) {
    await connection.queries.query(
      sql.unsafe`SELECT setval(${`${pg.escapeIdentifier(names.schemaName)}.${pg.escapeIdentifier(sequence.name)}`}::regclass, ${sequence.lastValue}::bigint, ${sequence.isCalled})`,
    );
  }
  // Triggers on again for what runs next in this transaction (the checks); the loaded rows stay as loaded.
  await connection.client.query("SET LOCAL session_replication_role = origin");
  return { rows, filled };
}

function slugTaken(slug: string) {
  return new ConflictError(`A tenant with the slug '${slug}' already exists (slugs are never reused, even after deprovisioning).`);
}

function describeRestoreFailure(error: unknown, slug: string, names: TenantNames): unknown {
  if (error instanceof ErpError) return error;
  const database = findPgError(error);
  if (database?.code === "23505" && database.constraint === "tenants_slug_key") return slugTaken(slug);
  if (database?.code === "42P06")
    return new ConflictError(`Schema ${names.schemaName} already exists outside the registry: choose another slug.`);
  if (database?.code === "42710")
    return new ConflictError(`Role ${names.roleName} already exists outside the registry: choose another slug.`);
  if (database) {
    return new InvalidInputError(`The backup's rows do not load (${database.message.split("\n")[0]}): nothing was restored.`, {
      cause: error,
    });
  }
  return toDomainError(error);
}
