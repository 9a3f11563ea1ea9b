import { type CommonQueryMethods, sql } from "slonik";
import { ErpError, findPgError } from "../errors.ts";
import type { DdlStatement } from "./splitStatements.ts";

/** A DDL statement failed; the message names the file, line and statement. */
export class DdlError extends ErpError {
  override name = "DdlError";
}

/**
 * Runs DDL statements with `schema` as search_path, server-side in one call
 * (`platform.apply_ddl`), on the caller's connection: inside a transaction it joins it, so a
 * failure leaves nothing applied.
 */
export async function applyDdl(connection: CommonQueryMethods, schema: string, statements: readonly DdlStatement[]): Promise<void> {
  const texts = statements.map((statement) => statement.sql);
  try {
    await connection.query(sql.unsafe`SELECT platform.apply_ddl(${schema}, ${sql.array(texts, "text")})`);
  } catch (error) {
    throw describeDdlFailure(error, statements);
  }
}

/** Turns the `ddl statement N` hint of platform.apply_ddl into an error naming file and statement. */
export function describeDdlFailure(error: unknown, statements: readonly DdlStatement[]): unknown {
  const pg = findPgError(error);
  const index = Number(pg?.hint?.match(/^ddl statement (\d+)$/)?.[1]);
  const statement = Number.isInteger(index) ? statements[index - 1] : undefined;
  if (!pg || !statement) return error;
  const excerpt = statement.sql.split("\n")[0]?.slice(0, 100);
  return new DdlError(`${statement.source}:${statement.line}: ${pg.message} (in: ${excerpt})`, { cause: error });
}
