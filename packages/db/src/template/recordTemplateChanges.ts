import { type DatabaseTransactionConnection, sql } from "slonik";
import { z } from "zod";
import { ErpError } from "../errors.ts";
import type { TemplateChange } from "./loadTemplateSource.ts";

/** A change file that has already moved tenants was edited afterwards. */
export class TemplateChangeChecksumError extends ErpError {
  override name = "TemplateChangeChecksumError";
}

const recordedRow = z.object({ versionNumber: z.number(), name: z.string(), checksum: z.string(), crossed: z.boolean() });

/**
 * Records the change files in platform.template_changes, where tenant migrations read them.
 * A recorded change may be rewritten only while no tenant has been migrated through it (a change
 * still in development); after that, editing its file stops every command with one sentence.
 */
export async function recordTemplateChanges(tx: DatabaseTransactionConnection, changes: readonly TemplateChange[]): Promise<void> {
  if (changes.length === 0) return;
  const recorded = await tx.any(sql.type(recordedRow)`
    SELECT c.version_number AS "versionNumber", c.name, c.checksum,
      EXISTS (SELECT 1 FROM platform.tenant_migrations m
              WHERE m.error IS NULL AND m.from_version_number < c.version_number AND m.to_version_number >= c.version_number) AS crossed
    FROM platform.template_changes c
    WHERE c.version_number = ANY(${sql.array(
      changes.map((change) => change.versionNumber),
      "int4",
    )})`);
  const byNumber = new Map(recorded.map((row) => [row.versionNumber, row]));
  for (const change of changes) {
    const row = byNumber.get(change.versionNumber);
    if (row && row.checksum === change.checksum && row.name === change.name) continue;
    if (row?.crossed) {
      throw new TemplateChangeChecksumError(
        `db/template/changes/${change.name} differs from the change tenants were migrated with (${row.name}, recorded checksum ${row.checksum.slice(0, 12)}): restore it and put the new change in a new change file.`,
      );
    }
    await tx.query(sql.unsafe`
      INSERT INTO platform.template_changes (version_number, name, checksum, statements)
      VALUES (${change.versionNumber}, ${change.name}, ${change.checksum}, ${sql.array(
        change.statements.map((statement) => statement.sql),
        "text",
      )})
      ON CONFLICT (version_number) DO UPDATE
      SET name = EXCLUDED.name, checksum = EXCLUDED.checksum, statements = EXCLUDED.statements, recorded_at = now()`);
  }
}
