import { checkTemplate, describeSchema, templateSchema } from "@erp/db";
import type { DatabasePool } from "slonik";
import type { Progress, StageOutcome } from "../stage.ts";

export type TemplateData = {
  version: string | null;
  tableCount: number;
  tablesByModule: Record<string, number>;
  counts: {
    columns: number;
    primaryKeys: number;
    foreignKeys: number;
    uniques: number;
    checks: number;
    indexes: number;
    triggers: number;
    sequences: number;
  };
};

/**
 * Stage 1: `template_tenant` exists, has ≥ 200 tables with every table the API and demo data
 * name, a primary key on every table, an index behind every foreign key, and no rows.
 */
export async function templateStage(pool: DatabasePool, progress: Progress): Promise<StageOutcome<TemplateData>> {
  progress.start(2, "checking");
  const report = await checkTemplate(pool);
  progress.tick();
  const description = report.version === null ? null : await describeSchema(pool, templateSchema);
  progress.tick();
  const constraintsOf = (kind: string) => description?.constraints.filter((line) => line.includes(` ${kind}`)).length ?? 0;
  const counts = {
    columns: description?.columns.length ?? 0,
    primaryKeys: constraintsOf("PRIMARY KEY"),
    foreignKeys: constraintsOf("FOREIGN KEY"),
    uniques: constraintsOf("UNIQUE"),
    checks: constraintsOf("CHECK"),
    indexes: description?.indexes.length ?? 0,
    triggers: description?.triggers.length ?? 0,
    sequences: description?.sequences.length ?? 0,
  };
  const modules = Object.keys(report.tablesByModule).length;
  return {
    summary:
      report.version === null
        ? "template_tenant does not exist"
        : `${report.tableCount} tables in ${modules} modules, ${counts.foreignKeys} foreign keys (${report.unindexedForeignKeys.length} unindexed), ${report.tablesWithoutPrimaryKey.length} tables without a primary key, ${counts.indexes} indexes, ${counts.checks} checks, ${counts.triggers} triggers, ${report.tablesWithRows.length} tables with rows`,
    problems: report.problems,
    data: { version: report.version, tableCount: report.tableCount, tablesByModule: report.tablesByModule, counts },
  };
}
