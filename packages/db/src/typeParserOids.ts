import type pg from "pg";
import { parse as parseArray } from "postgres-array";
import { typeParsers } from "./typeParsers.ts";

/**
 * The project's type parsers by OID (arrays included), looked up once per pool or connection, as
 * Slonik does per pool: plain `pg` connections then return values exactly as `createDbPool` does.
 */
export async function typeParsersByOid(client: Pick<pg.ClientBase, "query">): Promise<Map<number, (value: string) => unknown>> {
  const parsers = new Map<number, (value: string) => unknown>();
  const { rows } = await client.query<{ oid: number; typarray: number; typname: string }>(
    "SELECT oid::int, typarray::int, typname FROM pg_type WHERE typname = ANY($1::text[]) AND typnamespace = 'pg_catalog'::regnamespace",
    [typeParsers.map((parser) => parser.name)],
  );
  for (const parser of typeParsers) {
    const type = rows.find((row) => row.typname === parser.name);
    if (!type) throw new Error(`The server has no type ${parser.name}.`);
    parsers.set(type.oid, parser.parse);
    if (type.typarray) parsers.set(type.typarray, (value) => parseArray(value, parser.parse));
  }
  return parsers;
}
