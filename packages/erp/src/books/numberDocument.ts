import type { TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { missingSeries, type NumberedDocument } from "./nextNumber.ts";

/**
 * Numbering last. A gapless number is a row lock on the series, held until commit, so every
 * document of the series waits for the one holding it. Taken first, it is held for the whole
 * operation and documents of a tenant go one at a time; taken in the operation's last statement,
 * it is held for that statement and the commit. So a document is inserted with a provisional
 * number (unique, never committed) and numbered in the statement that posts it (postEntry's
 * `document` option) or, when nothing posts, by numberDocument.
 */
export const provisionalNumber: FragmentSqlToken = sql.fragment`'~' || gen_random_uuid()::text`;

export type DocumentToNumber = {
  series: NumberedDocument;
  /** The document's table and number column (holding provisionalNumber until now), and its id. */
  table: string;
  column: string;
  id: string;
  /** The document's column that points at its journal entry, set in the same statement. */
  entryColumn?: string;
  /**
   * Writes that need the number (its audit row, history naming it): data-modifying statements run
   * inside the numbering statement, reading the number from `document_number (number)`.
   */
  alongside?: readonly FragmentSqlToken[];
};

/**
 * The numbering as parts of a WITH: `number` takes the series' next number (a CTE named
 * document_number; `gate` is a relation it joins, so it runs only when the gate has a row), and
 * `writes` stamps it on the document and runs the alongside writes.
 */
export function numberingSteps(document: DocumentToNumber, gate: FragmentSqlToken | null) {
  const number = sql.fragment`document_number AS (
    UPDATE document_series s SET next_number = s.next_number + 1, updated_at = now()
    ${gate ? sql.fragment`FROM ${gate}` : sql.fragment``}
    WHERE s.document_type = ${document.series} AND s.is_default
    RETURNING s.prefix || lpad((s.next_number - 1)::text, s.padding, '0') AS number
  )`;
  const writes = (entryId: FragmentSqlToken | null) => {
    const entry = entryId && document.entryColumn ? sql.fragment`, ${sql.identifier([document.entryColumn])} = ${entryId}` : sql.fragment``;
    const steps = [
      sql.fragment`numbered AS (
        UPDATE ${sql.identifier([document.table])} t SET ${sql.identifier([document.column])} = document_number.number${entry}
        FROM document_number WHERE t.id = ${document.id}
      )`,
      ...(document.alongside ?? []).map((write, index) => sql.fragment`${sql.identifier([`alongside_${index}`])} AS (${write})`),
    ];
    return sql.join(steps, sql.fragment`, `);
  };
  return { number, writes };
}

/** Numbers a document that posts nothing, in one statement with its alongside writes; returns the number. */
export async function numberDocument(tx: TenantQueries, document: DocumentToNumber): Promise<string> {
  const steps = numberingSteps(document, null);
  const number = await tx.maybeOneFirst(sql.type(z.object({ number: z.string() }))`
    WITH ${steps.number}, ${steps.writes(null)}
    SELECT number FROM document_number`);
  if (number === null) throw missingSeries(document.series);
  return number;
}
