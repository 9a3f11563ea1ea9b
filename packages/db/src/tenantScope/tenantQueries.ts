import { createHash } from "node:crypto";
import type pg from "pg";
import type { CommonQueryMethods, QuerySqlToken } from "slonik";
import { DataIntegrityError, NotFoundError, SchemaValidationError, UnexpectedStateError } from "slonik";

/**
 * What a handler inside a tenant transaction can do: Slonik's query methods, with the same
 * signatures and the same errors (slonik's `NotFoundError`, `DataIntegrityError`,
 * `UnexpectedStateError` and `SchemaValidationError`, with its messages), over the transaction's one connection. Queries are Slonik
 * `sql` tokens; rows of `sql.type(schema)` queries are validated and parsed by the schema, as with
 * `createDbPool`. Database errors stay the driver's; `toDomainError` maps both kinds.
 */
export type TenantQueries = Pick<
  CommonQueryMethods,
  "any" | "anyFirst" | "exists" | "many" | "manyFirst" | "maybeOne" | "maybeOneFirst" | "one" | "oneFirst" | "query"
>;

/**
 * A Slonik token as a pg query: `$slonik_N` placeholders (Slonik numbers them so fragments can
 * nest) become `$N`, always over the extended protocol (one statement per message, so nothing
 * appended to a value or a fragment can become a second statement). With `named`, the statement
 * is named, so each connection parses and plans it once and then only binds and executes it.
 * PostgreSQL re-analyses a prepared statement when search_path differs from when it was
 * prepared, so one name serves every tenant correctly; rights are checked at every execution.
 * The name is a hash of the SQL text: equal in every process for equal text, and different for
 * different text, so a statement left on a server session by another process (behind a pooler)
 * can never run in place of another query.
 */
export function toPgQuery(token: { sql: string; values: readonly unknown[] }, named = true): ExtendedQuery {
  const text = token.sql.replaceAll("$slonik_", "$");
  return { name: named ? statementName(text) : undefined, text, values: token.values as unknown[], queryMode: "extended" };
}

// pg's `queryMode` (not in @types/pg): without it, a query with no values goes as a simple query.
type ExtendedQuery = pg.QueryConfig & { queryMode: "extended" };

// Names of the statements seen so far. Bounded: past the limit (SQL built from unbounded input,
// such as IN lists of every length) statements stay unnamed rather than filling every
// connection's memory with plans used once. The bound is well above the fleet's size: the session
// check of every request is schema-qualified, so each tenant has its own two texts. At 1,000 the
// bound was reached at ≈ 500 tenants, and the rest of the fleet had its session check parsed and
// planned at every request (spread over 1,000 tenants: 571 → 701 req/s with this bound,
// docs/capacity.md). A backend keeps only the statements of the tenants it served.
const statementNames = new Map<string, string>();
const maxNamedStatements = 20_000;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < maxNamedStatements) {
    name = `erp_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** Query methods over one connection; `named`: prepared statements (off behind a transaction-mode pooler). */
export function createTenantQueries(client: Pick<pg.ClientBase, "query">, named: boolean): TenantQueries {
  const run = async (token: QuerySqlToken) => {
    const result = await client.query(toPgQuery(token, named));
    return { result, rows: parseRows(token, result.rows) };
  };
  const rows = async (token: QuerySqlToken) => (await run(token)).rows;
  const atMostOne = async (token: QuerySqlToken) => {
    const found = await rows(token);
    if (found.length > 1) throw new DataIntegrityError("Query returned multiple rows.", asQuery(token));
    return found[0] ?? null;
  };
  const exactlyOne = async (token: QuerySqlToken) => {
    const row = await atMostOne(token);
    if (row === null) throw new NotFoundError("Query returned no rows.", asQuery(token));
    return row;
  };
  const atLeastOne = async (token: QuerySqlToken) => {
    const found = await rows(token);
    if (found.length === 0) throw new NotFoundError("Query returned no rows.", asQuery(token));
    return found;
  };
  const methods = {
    query: async (token: QuerySqlToken) => {
      const { result, rows: parsed } = await run(token);
      return {
        command: result.command,
        fields: result.fields.map((field) => ({ dataTypeId: field.dataTypeID, name: field.name })),
        notices: [],
        rowCount: result.rowCount ?? 0,
        rows: parsed,
        type: "QueryResult",
      };
    },
    any: rows,
    many: atLeastOne,
    maybeOne: atMostOne,
    one: exactlyOne,
    anyFirst: async (token: QuerySqlToken) => (await rows(token)).map((row) => firstColumn(token, row)),
    manyFirst: async (token: QuerySqlToken) => (await atLeastOne(token)).map((row) => firstColumn(token, row)),
    maybeOneFirst: async (token: QuerySqlToken) => {
      const row = await atMostOne(token);
      return row === null ? null : firstColumn(token, row);
    },
    oneFirst: async (token: QuerySqlToken) => {
      const row = (await exactlyOne(token)) as object;
      // Slonik's oneFirst answers a second column with this class and message, unlike the others.
      if (Object.keys(row).length > 1)
        throw new UnexpectedStateError("Expected query to return one result, but received multiple results.");
      return firstColumn(token, row);
    },
    exists: async (token: QuerySqlToken) => (await rows(token)).length > 0,
  };
  return methods as unknown as TenantQueries;
}

function asQuery(token: QuerySqlToken): { sql: string; values: readonly never[] } {
  return { sql: token.sql, values: token.values as readonly never[] };
}

/** Validates rows against the query's schema (`sql.type`) and returns the parsed rows. */
export function parseRows(token: QuerySqlToken, rows: readonly Record<string, unknown>[]): unknown[] {
  const parser = token.parser;
  if (!parser) return rows as unknown[];
  return rows.map((row) => {
    const result = parser["~standard"].validate(row);
    if (result instanceof Promise) throw new TypeError("Row schemas must validate synchronously (no async refinements).");
    if (result.issues) throw new SchemaValidationError(asQuery(token), row as never, result.issues);
    return result.value;
  });
}

function firstColumn(token: QuerySqlToken, row: unknown): unknown {
  const values = Object.values(row as Record<string, unknown>);
  if (values.length !== 1) throw new DataIntegrityError("Query returned rows with multiple columns.", asQuery(token));
  return values[0];
}
