import { type CommonQueryMethods, sql } from "slonik";
import type { Dataset } from "../generate/dataset.ts";
import type { ColumnTypes } from "./columnTypes.ts";
import { type SeedTable, seedTables } from "./seedTables.ts";

/**
 * Inserts a dataset with one statement per table, parents first. Rows travel column by column:
 * one text array per column, unnested and cast to the column's type in SQL. That sends each
 * value once (no repeated JSON keys) and costs PostgreSQL a plain array parse, about half the
 * time of the same rows as JSON at seedAtScale volumes. Every row gets `stamp` as created_at and
 * updated_at (the clock would break determinism). Returns the rows inserted per table.
 */
export async function insertDataset(
  connection: CommonQueryMethods,
  options: { schemaName: string; data: Dataset; stamp: Date; columnTypes: ColumnTypes; tables?: readonly SeedTable[] },
): Promise<Partial<Record<SeedTable, number>>> {
  const { schemaName, data, columnTypes } = options;
  const at = options.stamp.toISOString();
  const inserted: Partial<Record<SeedTable, number>> = {};
  for (const table of options.tables ?? seedTables) {
    const rows = data.rows(table) as readonly Record<string, unknown>[];
    if (rows.length === 0) continue;
    const types = columnTypes.get(table);
    const columns = new Set<string>();
    for (const row of rows) for (const column of Object.keys(row)) columns.add(column);
    // A row may say when it was created (a customer before their first order); the rest get the stamp.
    const dated = columns.delete("created_at");
    const names = [...columns].map((column) => {
      const type = types?.get(column);
      if (!type) throw new Error(`${table}.${column} is not a column of the tenant's ${table}.`);
      return {
        column: sql.identifier([column]),
        value: sql.fragment`${sql.identifier(["r", column])}::${sql.identifier([type])}`,
        name: column,
      };
    });
    const createdAt = dated ? sql.fragment`coalesce(r.created_at::timestamptz, ${at}::timestamptz)` : sql.fragment`${at}::timestamptz`;
    const unnested = dated ? [...names.map((name) => name.name), "created_at"] : names.map((name) => name.name);
    const list = (tokens: Parameters<typeof sql.join>[0]) => sql.join(tokens, sql.fragment`, `);
    const result = await connection.query(sql.unsafe`
      INSERT INTO ${sql.identifier([schemaName, table])} (${list(names.map((name) => name.column))}, created_at, updated_at)
      SELECT ${list(names.map((name) => name.value))}, ${createdAt}, ${at}::timestamptz
      FROM unnest(${list(unnested.map((name) => sql.fragment`${arrayLiteral(rows, name)}::text[]`))})
        AS r(${list(unnested.map((name) => sql.identifier([name])))})`);
    inserted[table] = result.rowCount;
  }
  return inserted;
}

const quoteOrBackslash = /["\\]/;
const quotesAndBackslashes = /["\\]/g;

/**
 * One column of the rows as a text[] literal ({"a","b",NULL}), built in one pass and sent as one
 * text parameter: the driver's generic array serializer runs two regular expressions on every
 * element, a tenth of Node's time at seedAtScale volumes.
 */
function arrayLiteral(rows: readonly Record<string, unknown>[], column: string): string {
  const elements = new Array<string>(rows.length);
  for (let index = 0; index < rows.length; index++) elements[index] = element(asText(rows[index]?.[column]));
  return `{${elements.join(",")}}`;
}

function element(text: string | null): string {
  if (text === null) return "NULL";
  return quoteOrBackslash.test(text) ? `"${text.replace(quotesAndBackslashes, "\\$&")}"` : `"${text}"`;
}

/** A value as the text its column's input function reads; arrays become array literals, objects JSON. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `{${value.map((member) => element(String(member))).join(",")}}`;
  return JSON.stringify(value);
}
