import { type CommonQueryMethods, type DatabasePool, type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import { describeSchema, fingerprintSchema } from "../catalog/describeSchema.ts";
import { applyDdl } from "../ddl/applyDdl.ts";
import { loadTemplateSource, type TemplateSource } from "./loadTemplateSource.ts";
import { recordTemplateChanges } from "./recordTemplateChanges.ts";

export const templateSchema = "template_tenant";

/** The template version `template_tenant` was built from (kept as the schema's comment), if it exists. */
export async function builtTemplateVersion(connection: CommonQueryMethods): Promise<string | null> {
  return connection.maybeOneFirst(
    sql.type(z.object({ version: z.string().nullable() }))`
      SELECT obj_description(oid, 'pg_namespace') AS version FROM pg_namespace WHERE nspname = ${templateSchema}`,
  );
}

/**
 * (Re)builds `template_tenant` from the DDL files in one transaction and records the build in
 * the ledger: its version number, the split statements (tenants are built from the ledger
 * server-side), its catalog description and fingerprint (what the drift check compares with),
 * and the change files that lead to it.
 */
export async function buildTemplate(pool: DatabasePool, source?: TemplateSource): Promise<TemplateSource> {
  const template = source ?? (await loadTemplateSource());
  await pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext('erp.platform.template'))`);
    await tx.query(sql.unsafe`DROP SCHEMA IF EXISTS ${sql.identifier([templateSchema])} CASCADE`);
    await tx.query(sql.unsafe`CREATE SCHEMA ${sql.identifier([templateSchema])}`);
    await applyDdl(tx, templateSchema, template.statements);
    await recordBuild(tx, templateSchema, template);
    await tx.query(rawComment(template.version));
  });
  return template;
}

/**
 * Records a build of `source` in the ledger without touching `template_tenant`: the source is
 * built into a scratch schema that goes with the transaction. Tests and benchmarks record the
 * baseline (an older version number) this way, to provision tenants that need migrating.
 */
export async function recordTemplateBuild(pool: DatabasePool, source: TemplateSource): Promise<void> {
  const scratch = `template_build_${source.version}`;
  await pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext('erp.platform.template'))`);
    await tx.query(sql.unsafe`CREATE SCHEMA ${sql.identifier([scratch])}`);
    await applyDdl(tx, scratch, source.statements);
    await recordBuild(tx, scratch, source);
    await tx.query(sql.unsafe`DROP SCHEMA ${sql.identifier([scratch])} CASCADE`);
  });
}

async function recordBuild(tx: DatabaseTransactionConnection, builtSchema: string, source: TemplateSource): Promise<void> {
  await recordTemplateChanges(tx, source.changes);
  const description = await describeSchema(tx, builtSchema);
  const fingerprint = await fingerprintSchema(tx, builtSchema);
  // A build recorded before fingerprints existed gets them now (same files, same catalog).
  await tx.query(sql.unsafe`
    INSERT INTO platform.template_versions (version, version_number, statements, files, table_count, description, fingerprint)
    VALUES (
      ${source.version},
      ${source.versionNumber},
      ${sql.array(
        source.statements.map((statement) => statement.sql),
        "text",
      )},
      ${sql.jsonb(source.files)},
      ${source.tableCount},
      ${sql.jsonb(description)},
      ${fingerprint}
    )
    ON CONFLICT (version) DO UPDATE SET description = EXCLUDED.description, fingerprint = EXCLUDED.fingerprint
    WHERE platform.template_versions.fingerprint IS NULL`);
}

/** Builds the template when the files changed since it was last built; returns the current build and its version number. */
export async function ensureTemplate(pool: DatabasePool): Promise<{ version: string; versionNumber: number; rebuilt: boolean }> {
  const source = await loadTemplateSource();
  const rebuilt = (await builtTemplateVersion(pool)) !== source.version;
  if (rebuilt) await buildTemplate(pool, source);
  return { version: source.version, versionNumber: source.versionNumber, rebuilt };
}

function rawComment(version: string) {
  // COMMENT takes no bind parameters; the version is 16 hex digits (checked by its pattern).
  if (!/^[0-9a-f]{16}$/.test(version)) throw new Error(`Bad template version ${version}.`);
  return sql.unsafe`COMMENT ON SCHEMA ${sql.identifier([templateSchema])} IS ${sql.literalValue(version)}`;
}
