import { type CommonQueryMethods, type DatabasePool, type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";

/**
 * A schema's structure as comparable text: one entry per column, constraint, index, trigger,
 * sequence and function, with the schema's own name left out. Two schemas built from the same
 * template describe identically; any difference is a drift. A column's `#n` is its position
 * among the table's live columns, so a column dropped by a template change and one never created
 * compare equal.
 */
export type SchemaDescription = {
  tables: string[];
  columns: string[];
  constraints: string[];
  indexes: string[];
  triggers: string[];
  sequences: string[];
  functions: string[];
};

export const schemaDescriptionShape = z.object({
  tables: z.array(z.string()),
  columns: z.array(z.string()),
  constraints: z.array(z.string()),
  indexes: z.array(z.string()),
  triggers: z.array(z.string()),
  sequences: z.array(z.string()),
  functions: z.array(z.string()),
});

type Connection = DatabasePool | DatabaseTransactionConnection;
const entry = z.object({ kind: z.string(), item: z.string() });

/** The catalog entries of `schema` (run with `schema` first on search_path: see inSchemaPath). */
function entriesQuery(schema: string) {
  return sql.fragment`
    WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = ${schema}),
    rels AS (SELECT c.oid, c.relname FROM pg_class c, ns WHERE c.relnamespace = ns.oid AND c.relkind IN ('r', 'p'))
    -- ::text: the first branch types the column, and type name would cut every entry at 63 bytes.
    SELECT 'table' AS kind, relname::text AS item FROM rels
    UNION ALL
    SELECT 'column', r.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
      || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
      || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
      || CASE WHEN a.attidentity <> '' THEN ' identity ' || a.attidentity::text ELSE '' END
      || CASE WHEN a.attgenerated <> '' THEN ' generated ' || a.attgenerated::text ELSE '' END
      || ' #' || a.position
    FROM rels r
    CROSS JOIN LATERAL (
      SELECT *, row_number() OVER (ORDER BY attnum) AS position FROM pg_attribute
      WHERE attrelid = r.oid AND attnum > 0 AND NOT attisdropped) a
    LEFT JOIN pg_attrdef d ON d.adrelid = r.oid AND d.adnum = a.attnum
    UNION ALL
    SELECT 'constraint', r.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
    FROM rels r JOIN pg_constraint k ON k.conrelid = r.oid
    UNION ALL
    SELECT 'index', replace(pg_get_indexdef(i.indexrelid), ' ON ' || quote_ident(${schema}) || '.', ' ON ')
    FROM rels r JOIN pg_index i ON i.indrelid = r.oid
    UNION ALL
    SELECT 'trigger', replace(pg_get_triggerdef(t.oid), ' ON ' || quote_ident(${schema}) || '.', ' ON ')
    FROM rels r JOIN pg_trigger t ON t.tgrelid = r.oid AND NOT t.tgisinternal
    UNION ALL
    SELECT 'sequence', c.relname || ' ' || format_type(s.seqtypid, NULL) || ' ' || s.seqincrement || ' ' || s.seqstart
    FROM pg_class c JOIN ns ON c.relnamespace = ns.oid JOIN pg_sequence s ON s.seqrelid = c.oid
    UNION ALL
    SELECT 'function', p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc)
    FROM pg_proc p JOIN ns ON p.pronamespace = ns.oid`;
}

/**
 * pg_get_*def print names unqualified when their schema is first on search_path, so setting it
 * makes the definitions of template_tenant and tenant_x comparable as text. The previous path is
 * restored afterwards: inside a caller's transaction a savepoint does not undo set_config.
 */
async function inSchemaPath<T>(connection: Connection, schema: string, work: (tx: CommonQueryMethods) => Promise<T>): Promise<T> {
  return connection.transaction(async (tx) => {
    const previous = await tx.oneFirst(sql.type(z.object({ path: z.string() }))`
      SELECT current_setting('search_path') AS path, set_config('search_path', quote_ident(${schema}), true)`);
    const result = await work(tx);
    await tx.query(sql.unsafe`SELECT set_config('search_path', ${previous}, true)`);
    return result;
  });
}

export async function describeSchema(connection: Connection, schema: string): Promise<SchemaDescription> {
  const rows = await inSchemaPath(connection, schema, (tx) => tx.any(sql.type(entry)`${entriesQuery(schema)}`));
  const description: SchemaDescription = {
    tables: [],
    columns: [],
    constraints: [],
    indexes: [],
    triggers: [],
    sequences: [],
    functions: [],
  };
  const buckets: Record<string, string[]> = {
    table: description.tables,
    column: description.columns,
    constraint: description.constraints,
    index: description.indexes,
    trigger: description.triggers,
    sequence: description.sequences,
    function: description.functions,
  };
  for (const row of rows) buckets[row.kind]?.push(row.item);
  for (const list of Object.values(buckets)) list.sort();
  return description;
}

/**
 * The md5 of a schema's description, computed by the server (nothing but 32 characters crosses
 * the wire): equal fingerprints mean equal structures. Compare only with fingerprints made here.
 */
export async function fingerprintSchema(connection: Connection, schema: string): Promise<string> {
  return inSchemaPath(connection, schema, (tx) =>
    tx.oneFirst(sql.type(z.object({ fingerprint: z.string() }))`
      SELECT md5(coalesce(string_agg(kind || ' ' || item, chr(10) ORDER BY kind COLLATE "C", item COLLATE "C"), '')) AS fingerprint
      FROM (${entriesQuery(schema)}) entries`),
  );
}

const singular: Record<keyof SchemaDescription, string> = {
  tables: "table",
  columns: "column",
  constraints: "constraint",
  indexes: "index",
  triggers: "trigger",
  sequences: "sequence",
  functions: "function",
};

/** The entries only one of two descriptions has, as readable lines ("- missing …", "+ extra …"). */
export function diffSchemaDescriptions(expected: SchemaDescription, actual: SchemaDescription): string[] {
  const differences: string[] = [];
  for (const key of Object.keys(expected) as (keyof SchemaDescription)[]) {
    const want = new Set(expected[key]);
    const have = new Set(actual[key]);
    for (const item of want) if (!have.has(item)) differences.push(`missing ${singular[key]}: ${item}`);
    for (const item of have) if (!want.has(item)) differences.push(`extra ${singular[key]}: ${item}`);
  }
  return differences;
}
