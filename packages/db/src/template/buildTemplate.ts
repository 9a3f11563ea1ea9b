import { type CommonQueryMethods, type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { applyDdl } from "../ddl/applyDdl.ts";
import { loadTemplateSource, type TemplateSource } from "./loadTemplateSource.ts";

export const templateSchema = "template_tenant";

/** The template version `template_tenant` was built from (kept as the schema's comment), if it exists. */
export async function builtTemplateVersion(connection: CommonQueryMethods): Promise<string | null> {
  return connection.maybeOneFirst(
    sql.type(z.object({ version: z.string().nullable() }))`
      SELECT obj_description(oid, 'pg_namespace') AS version FROM pg_namespace WHERE nspname = ${templateSchema}`,
  );
}

/**
 * (Re)builds `template_tenant` from the DDL files in one transaction and records the version in
 * the ledger, with the split statements, so tenants are built from the ledger server-side.
 */
export async function buildTemplate(pool: DatabasePool, source?: TemplateSource): Promise<TemplateSource> {
  const template = source ?? (await loadTemplateSource());
  await pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext('erp.platform.template'))`);
    await tx.query(sql.unsafe`DROP SCHEMA IF EXISTS ${sql.identifier([templateSchema])} CASCADE`);
    await tx.query(sql.unsafe`CREATE SCHEMA ${sql.identifier([templateSchema])}`);
    await applyDdl(tx, templateSchema, template.statements);
    await tx.query(sql.unsafe`
      INSERT INTO platform.template_versions (version, statements, files, table_count)
      VALUES (
        ${template.version},
        ${sql.array(
          template.statements.map((statement) => statement.sql),
          "text",
        )},
        ${sql.jsonb(template.files)},
        ${template.tableCount}
      )
      ON CONFLICT (version) DO NOTHING`);
    await tx.query(rawComment(template.version));
  });
  return template;
}

/** Builds the template when the files changed since it was last built; returns the current version. */
export async function ensureTemplate(pool: DatabasePool): Promise<{ version: string; rebuilt: boolean }> {
  const source = await loadTemplateSource();
  if ((await builtTemplateVersion(pool)) === source.version) return { version: source.version, rebuilt: false };
  await buildTemplate(pool, source);
  return { version: source.version, rebuilt: true };
}

function rawComment(version: string) {
  // COMMENT takes no bind parameters; the version is 16 hex digits (checked by its pattern).
  if (!/^[0-9a-f]{16}$/.test(version)) throw new Error(`Bad template version ${version}.`);
  return sql.unsafe`COMMENT ON SCHEMA ${sql.identifier([templateSchema])} IS ${sql.literalValue(version)}`;
}
