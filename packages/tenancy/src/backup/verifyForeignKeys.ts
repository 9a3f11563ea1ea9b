import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";

const foreignKey = z.object({
  name: z.string(),
  child: z.string(),
  parent: z.string(),
  childColumns: z.array(z.string()),
  parentColumns: z.array(z.string()),
});

/**
 * Every foreign key of the schema, checked row by row as PostgreSQL would (MATCH SIMPLE: a row
 * with a null in the key refers to nothing). For rows loaded with the foreign-key triggers off:
 * returns "constraint (n rows)" for each key some row breaks.
 */
export async function verifyForeignKeys(
  connection: Pick<CommonQueryMethods, "any">,
  schemaName: string,
  /** Only the keys of these tables (an empty table breaks no key); all when omitted. */
  tables?: ReadonlySet<string>,
): Promise<string[]> {
  const all = await connection.any(sql.type(foreignKey)`
    SELECT k.conname AS name, child.relname AS child, parent.relname AS parent,
      (SELECT array_agg(a.attname::text ORDER BY u.n) FROM unnest(k.conkey) WITH ORDINALITY u(attnum, n)
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum) AS "childColumns",
      (SELECT array_agg(a.attname::text ORDER BY u.n) FROM unnest(k.confkey) WITH ORDINALITY u(attnum, n)
        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.attnum) AS "parentColumns"
    FROM pg_constraint k
    JOIN pg_class child ON child.oid = k.conrelid
    JOIN pg_class parent ON parent.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = child.relnamespace
    WHERE n.nspname = ${schemaName} AND k.contype = 'f'
    ORDER BY child.relname COLLATE "C", k.conname COLLATE "C"`);
  const keys = tables ? all.filter((key) => tables.has(key.child)) : all;
  // One statement per hundred keys: a round trip per key would cost more than the checks.
  const broken: string[] = [];
  for (let first = 0; first < keys.length; first += 100) {
    const checks = keys.slice(first, first + 100).map((key) => {
      const child = (column: string) => sql.identifier(["c", column]);
      const matches = key.childColumns.map(
        (column, index) => sql.fragment`${sql.identifier(["p", key.parentColumns[index] ?? column])} = ${child(column)}`,
      );
      return sql.fragment`SELECT ${key.name}::text AS name, count(*)::integer AS orphans FROM ${sql.identifier([schemaName, key.child])} c
        WHERE ${sql.join(
          key.childColumns.map((column) => sql.fragment`${child(column)} IS NOT NULL`),
          sql.fragment` AND `,
        )}
          AND NOT EXISTS (SELECT 1 FROM ${sql.identifier([schemaName, key.parent])} p WHERE ${sql.join(matches, sql.fragment` AND `)})`;
    });
    const counts = await connection.any(sql.type(z.object({ name: z.string(), orphans: z.number() }))`
      SELECT name, orphans FROM (${sql.join(checks, sql.fragment` UNION ALL `)}) checks WHERE orphans > 0`);
    for (const { name, orphans } of counts) broken.push(`${name} (${orphans} row${orphans === 1 ? "" : "s"})`);
  }
  return broken;
}
