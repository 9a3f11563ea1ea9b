import { createHash } from "node:crypto";
import type pg from "pg";
import type { Interceptor } from "slonik";

// The floor of `pnpm bench:workflows` sends the statements the posting operations send, without
// the operations: each operation runs once through a recording pool (its statements, values and
// the rows they answered), and the floor replays that script on another document of the same
// shape, in one transaction. What differs between two such documents are keys and numbers (ids,
// gapless document numbers): a replay maps each captured one to the one its own statements
// answered (the captured order's id to the new order's, the captured shipment's RETURNING id to
// the new one), so later statements write the rows of this document, not the captured one.

export type CapturedStatement = { text: string; values: unknown[]; rows: Record<string, unknown>[] };
export type Script = { statements: CapturedStatement[]; outputId: string };

/** Records every statement a Slonik pool runs (text with $N placeholders, values, rows answered). */
export function statementRecorder(): { interceptor: Interceptor; take: () => CapturedStatement[] } {
  let statements: CapturedStatement[] = [];
  const interceptor: Interceptor = {
    name: "statement-recorder",
    afterQueryExecution: (_context, query, result) => {
      statements.push({
        text: query.sql.replaceAll("$slonik_", "$"),
        values: JSON.parse(JSON.stringify(query.values)),
        rows: JSON.parse(JSON.stringify(result.rows)),
      });
      return null;
    },
  };
  return {
    interceptor,
    take: () => {
      const taken = statements;
      statements = [];
      return taken;
    },
  };
}

/** Keys and document numbers: the values a replay maps (never amounts or quantities, which the same shape keeps). */
const mappable = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Z]{2,4}-\d{4,})$/;

function substitute(value: unknown, map: Map<string, string>): unknown {
  if (typeof value === "string") {
    const exact = map.get(value);
    if (exact !== undefined) return exact;
    // JSON payloads (audit rows) carry ids inside one string value.
    let text = value;
    if (text.length > 36 && map.size > 0) for (const [from, to] of map) if (text.includes(from)) text = text.replaceAll(from, to);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, map));
  return value;
}

function learn(captured: Record<string, unknown>[], answered: Record<string, unknown>[], map: Map<string, string>) {
  captured.forEach((row, index) => {
    const other = answered[index];
    if (!other) return;
    for (const [column, value] of Object.entries(row)) {
      const now = other[column];
      if (typeof value === "string" && mappable.test(value) && now !== undefined && now !== null && String(now) !== value) {
        map.set(value, String(now));
      }
    }
  });
}

/**
 * Replays a script in one transaction on the document `inputs` names (captured key → this
 * document's key) and answers the new document's id. `search_path` is the tenant's schema, as
 * in the API's transactions.
 */
export async function replay(client: pg.PoolClient, schema: string, script: Script, inputs: Record<string, string>): Promise<string> {
  const map = new Map(Object.entries(inputs));
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('search_path', $1, true)", [schema]);
    for (const statement of script.statements) {
      // Named, so each connection prepares a statement once, as the API's tenant connections do.
      const result = await client.query({
        name: statementName(statement.text),
        text: statement.text,
        values: substitute(statement.values, map) as unknown[],
      });
      learn(statement.rows, result.rows, map);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  return map.get(script.outputId) ?? script.outputId;
}

function statementName(text: string): string {
  return `floor_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
}
