import { parse } from "libpg-query";

export type DdlStatement = {
  /** The statement text, without its trailing semicolon. */
  sql: string;
  /** The file it came from (for error messages). */
  source: string;
  /** 1-based line of the statement's first token in that file. */
  line: number;
  /** Tables the statement creates (unqualified), for the template's per-module counts. */
  creates: string[];
};

type RawStmt = { stmt?: Record<string, unknown>; stmt_location?: number; stmt_len?: number };

/**
 * Splits a file of SQL into statements with PostgreSQL's own parser (libpg_query), so quotes,
 * dollar-quoted bodies and comments are handled as the server would. A syntax error names the
 * file and line.
 */
export async function splitStatements(text: string, source: string): Promise<DdlStatement[]> {
  let result: { stmts?: RawStmt[] };
  try {
    result = (await parse(text)) as { stmts?: RawStmt[] };
  } catch (error) {
    const position = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
    const where = position === undefined ? "" : ` at line ${lineAt(Buffer.from(text), position)}`;
    throw new Error(`${source}${where}: ${(error as Error).message}`, { cause: error });
  }
  // libpg_query reports byte offsets into the UTF-8 text.
  const bytes = Buffer.from(text);
  return (result.stmts ?? []).map((raw) => {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    const chunk = bytes.subarray(start, end).toString();
    const leading = chunk.length - chunk.trimStart().length;
    const sqlText = chunk.trim().replace(/;$/, "");
    return {
      sql: stripLeadingComments(sqlText),
      source,
      line: lineAt(bytes, start + Buffer.byteLength(chunk.slice(0, leading))),
      creates: createdTables(raw.stmt),
    };
  });
}

function createdTables(stmt: Record<string, unknown> | undefined): string[] {
  const create = stmt?.CreateStmt as { relation?: { relname?: string } } | undefined;
  return create?.relation?.relname ? [create.relation.relname] : [];
}

function stripLeadingComments(text: string): string {
  return text.replace(/^(\s*--[^\n]*\n)+/, "").trim();
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
