import { InvalidInputError, type TenantQueries } from "@erp/db";
import type { DocumentSeriesRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";

export type NumberedDocument = DocumentSeriesRow["document_type"];

/**
 * The next number of the document type's default series, gapless: the series row is updated (and
 * so locked) inside the document's transaction, so concurrent documents queue on it and take
 * consecutive numbers, and a transaction that rolls back gives its number back. The lock is held
 * until commit: documents that post number themselves in their posting instead (numberDocument.ts).
 */
export async function nextNumber(tx: TenantQueries, documentType: NumberedDocument): Promise<string> {
  const number = await tx.maybeOneFirst(sql.type(z.object({ number: z.string() }))`
    UPDATE document_series SET next_number = next_number + 1, updated_at = now()
    WHERE document_type = ${documentType} AND is_default
    RETURNING prefix || lpad((next_number - 1)::text, padding, '0') AS number`);
  if (number === null) throw missingSeries(documentType);
  return number;
}

export function missingSeries(series: NumberedDocument): InvalidInputError {
  return new InvalidInputError(`The tenant has no default ${series.replaceAll("_", " ")} series: add one to document_series.`);
}
