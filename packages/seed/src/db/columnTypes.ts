import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import { seedTables } from "./seedTables.ts";

/** Each seeded table's columns and their base type names (numeric, bpchar, timestamptz, _text, ...). */
export type ColumnTypes = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Read from the tenant's own catalog, so inserts cast every value to exactly its column's type. */
export async function loadColumnTypes(connection: CommonQueryMethods, schemaName: string): Promise<ColumnTypes> {
  const rows = await connection.any(sql.type(z.object({ table_name: z.string(), column_name: z.string(), type_name: z.string() }))`
    SELECT c.relname::text AS table_name, a.attname::text AS column_name, t.typname::text AS type_name
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    WHERE n.nspname = ${schemaName} AND c.relname = ANY(${sql.array([...seedTables], "text")}) AND a.attnum > 0 AND NOT a.attisdropped`);
  const types = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const columns = types.get(row.table_name) ?? new Map<string, string>();
    types.set(row.table_name, columns);
    columns.set(row.column_name, row.type_name);
  }
  return types;
}
