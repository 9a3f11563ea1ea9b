import type { DatabasePool } from "slonik";
import { sql } from "slonik";
import { describeSchema, diffSchemaDescriptions } from "../catalog/describeSchema.ts";
import { applyDdl } from "../ddl/applyDdl.ts";
import { templateChangesDir, templateDir } from "../repoRoot.ts";
import { loadBaselineSource, loadTemplateSource } from "./loadTemplateSource.ts";

export type TemplateChangesReport = {
  baselineNumber: number;
  versionNumber: number;
  changes: string[];
  /**
   * What differs between a tenant built fresh from the files and one built at the baseline and
   * migrated through every change: "missing …" is in the files but not made by the changes,
   * "extra …" is made by the changes but not in the files. Empty when they agree.
   */
  differences: string[];
};

export type CheckTemplateChangesOptions = { templateDir?: string; changesDir?: string };

/**
 * Proves the change files agree with the desired state: builds the baseline (the oldest supported
 * version) into one scratch schema and migrates it through every change file, builds the files
 * into another, and compares their catalogs as the validator's structure stage does. Nothing stays
 * behind (both schemas go with the transaction).
 */
export async function checkTemplateChanges(pool: DatabasePool, options: CheckTemplateChangesOptions = {}): Promise<TemplateChangesReport> {
  const changesDir = options.changesDir ?? templateChangesDir;
  const desired = await loadTemplateSource(options.templateDir ?? templateDir, changesDir);
  const baseline = await loadBaselineSource(changesDir);
  const fresh = `check_fresh_${desired.version}`;
  const migrated = `check_migrated_${desired.version}`;
  const differences = await pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`CREATE SCHEMA ${sql.identifier([fresh])}`);
    await applyDdl(tx, fresh, desired.statements);
    await tx.query(sql.unsafe`CREATE SCHEMA ${sql.identifier([migrated])}`);
    await applyDdl(tx, migrated, baseline.statements);
    for (const change of desired.changes) await applyDdl(tx, migrated, change.statements);
    const result = diffSchemaDescriptions(await describeSchema(tx, fresh), await describeSchema(tx, migrated));
    await tx.query(sql.unsafe`DROP SCHEMA ${sql.identifier([fresh])}, ${sql.identifier([migrated])} CASCADE`);
    return result;
  });
  return {
    baselineNumber: baseline.versionNumber,
    versionNumber: desired.versionNumber,
    changes: desired.changes.map((change) => change.name),
    differences,
  };
}

/** The report as sentences: one line when the files agree, the differing objects otherwise. */
export function describeTemplateChangesReport(report: TemplateChangesReport): string[] {
  const path = `the baseline (version ${report.baselineNumber}) migrated through ${report.changes.length === 0 ? "no change file" : report.changes.join(", ")}`;
  if (report.differences.length === 0) return [`Template version ${report.versionNumber}: ${path} equals a fresh build from db/template.`];
  return [
    `Template version ${report.versionNumber}: ${path} differs from a fresh build from db/template in ${report.differences.length} object(s) ("missing": in the files, not made by the changes; "extra": made by the changes, not in the files):`,
    ...report.differences.map((line) => `  ${line}`),
  ];
}
