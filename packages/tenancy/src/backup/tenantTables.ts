import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import type { BackupTable, SequenceValue } from "./backupFormat.ts";

type Queries = Pick<CommonQueryMethods, "any">;

/**
 * A tenant schema's tables and the columns that hold data (generated columns are left out: the
 * server computes them again), in foreign-key order: a table comes after the tables it refers
 * to. Self-references and cycles (employees ↔ departments) cannot be ordered away; the restore
 * loads with foreign-key triggers off and checks every key afterwards, so order is for reading.
 */
export async function tenantTables(connection: Queries, schemaName: string): Promise<BackupTable[]> {
  const tables = await connection.any(sql.type(z.object({ name: z.string(), columns: z.array(z.string()) }))`
    SELECT c.relname AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
    WHERE n.nspname = ${schemaName} AND c.relkind = 'r'
    GROUP BY c.relname
    ORDER BY c.relname COLLATE "C"`);
  const references = await connection.any(sql.type(z.object({ child: z.string(), parent: z.string() }))`
    SELECT DISTINCT child.relname AS child, parent.relname AS parent
    FROM pg_constraint k
    JOIN pg_class child ON child.oid = k.conrelid
    JOIN pg_class parent ON parent.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = child.relnamespace
    WHERE n.nspname = ${schemaName} AND k.contype = 'f' AND k.conrelid <> k.confrelid`);
  return inForeignKeyOrder(tables, references);
}

function inForeignKeyOrder(tables: readonly BackupTable[], references: readonly { child: string; parent: string }[]): BackupTable[] {
  const parents = new Map<string, Set<string>>(tables.map((table) => [table.name, new Set<string>()]));
  for (const { child, parent } of references) if (parents.has(parent)) parents.get(child)?.add(parent);
  const ordered: BackupTable[] = [];
  const placed = new Set<string>();
  let remaining = [...tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((table) => [...(parents.get(table.name) ?? [])].every((parent) => placed.has(parent)));
    // A cycle: take the first remaining table (alphabetical) and go on.
    const next = ready.length > 0 ? ready : remaining.slice(0, 1);
    for (const table of next) {
      ordered.push(table);
      placed.add(table.name);
    }
    remaining = remaining.filter((table) => !placed.has(table.name));
  }
  return ordered;
}

/** The schema's sequences and their values (the template has none today; a change may add one). */
export async function sequenceValues(connection: Queries, schemaName: string): Promise<SequenceValue[]> {
  const names = await connection.any(sql.type(z.object({ name: z.string() }))`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schemaName} AND c.relkind = 'S' ORDER BY c.relname COLLATE "C"`);
  const values: SequenceValue[] = [];
  for (const { name } of names) {
    const [row] = await connection.any(sql.type(z.object({ lastValue: z.string(), isCalled: z.boolean() }))`
      SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${sql.identifier([schemaName, name])}`);
    if (row) values.push({ name, ...row });
  }
  return values;
}
