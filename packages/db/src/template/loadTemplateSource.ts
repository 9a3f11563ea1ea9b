import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DdlStatement } from "../ddl/splitStatements.ts";
import { splitStatements } from "../ddl/splitStatements.ts";
import { ErpError } from "../errors.ts";
import { templateChangesDir, templateDir } from "../repoRoot.ts";

export type TemplateFile = {
  file: string;
  /** The module the file holds: `03_inventory.sql` -> `inventory`. */
  module: string;
  statementCount: number;
  tables: string[];
};

/** One change file: takes a tenant from version number `versionNumber - 1` to `versionNumber`. */
export type TemplateChange = {
  versionNumber: number;
  /** The file name, e.g. `0001_document_series.sql`. */
  name: string;
  /** sha256 of the file's text (hex), recorded in platform.template_changes. */
  checksum: string;
  statements: DdlStatement[];
};

export type TemplateSource = {
  /**
   * First 16 hex digits of the SHA-256 of all files, in order (and of the change files, when
   * there are any): what a tenant records it was built from. A build.
   */
  version: string;
  /** The template version number: the number of the newest change file (the baseline's when none). */
  versionNumber: number;
  statements: DdlStatement[];
  files: TemplateFile[];
  tableCount: number;
  /** The change files, in order (empty for the baseline). */
  changes: TemplateChange[];
};

const fileNamePattern = /^(\d{2})_([a-z]+)\.sql$/;
const changeNamePattern = /^(\d{4})_[a-z0-9_]+\.sql$/;
const baselinePattern = /^(\d{4})_baseline$/;

/**
 * Reads and splits the template DDL (`db/template/NN_module.sql`, in name order): the desired
 * state a new tenant is built from, and the change files that take existing tenants there.
 */
export async function loadTemplateSource(dir: string = templateDir, changesDir: string = join(dir, "changes")): Promise<TemplateSource> {
  const hash = createHash("sha256");
  const { statements, files } = await readModuleFiles(dir, hash);
  const { baselineNumber, changes } = await readChanges(changesDir);
  for (const change of changes) hash.update(change.name).update("\0").update(change.checksum).update("\0");
  return {
    version: hash.digest("hex").slice(0, 16),
    versionNumber: changes.at(-1)?.versionNumber ?? baselineNumber,
    statements,
    files,
    tableCount: files.reduce((sum, file) => sum + file.tables.length, 0),
    changes,
  };
}

/**
 * The template at the oldest supported version number: the frozen copy of the files in
 * `changes/NNNN_baseline/` (NNNN is its version number). Its build checksum is that of the same
 * files when they were the desired state, so tenants built from them record this very build.
 */
export async function loadBaselineSource(changesDir: string = templateChangesDir): Promise<TemplateSource> {
  const { baselineNumber, baselineDir } = await readChanges(changesDir);
  const hash = createHash("sha256");
  const { statements, files } = await readModuleFiles(baselineDir, hash);
  return {
    version: hash.digest("hex").slice(0, 16),
    versionNumber: baselineNumber,
    statements,
    files,
    tableCount: files.reduce((sum, file) => sum + file.tables.length, 0),
    changes: [],
  };
}

async function readModuleFiles(dir: string, hash: ReturnType<typeof createHash>) {
  const names = (await readdir(dir)).filter((name) => fileNamePattern.test(name)).sort();
  const statements: DdlStatement[] = [];
  const files: TemplateFile[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), "utf8");
    hash.update(name).update("\0").update(text).update("\0");
    const fileStatements = await splitStatements(text, `db/template/${name}`);
    statements.push(...fileStatements);
    files.push({
      file: name,
      module: name.match(fileNamePattern)?.[2] ?? name,
      statementCount: fileStatements.length,
      tables: fileStatements.flatMap((statement) => statement.creates),
    });
  }
  return { statements, files };
}

/** The change files after the baseline, numbered one after another. */
async function readChanges(changesDir: string): Promise<{ baselineNumber: number; baselineDir: string; changes: TemplateChange[] }> {
  const entries = await readdir(changesDir).catch(() => [] as string[]);
  const baselines = entries.filter((name) => baselinePattern.test(name));
  if (baselines.length > 1)
    throw new ErpError(`db/template/changes holds ${baselines.length} baselines (${baselines.join(", ")}); keep one.`);
  const baselineName = baselines[0];
  const baselineNumber = baselineName ? Number(baselineName.slice(0, 4)) : 0;
  const sqlFiles = entries.filter((name) => name.endsWith(".sql")).sort();
  const misnamed = sqlFiles.filter((name) => !changeNamePattern.test(name));
  if (misnamed.length > 0) throw new ErpError(`Template change files must be named NNNN_name.sql: ${misnamed.join(", ")}.`);
  const changes: TemplateChange[] = [];
  for (const name of sqlFiles) {
    const versionNumber = Number(name.slice(0, 4));
    const expected = (changes.at(-1)?.versionNumber ?? baselineNumber) + 1;
    if (versionNumber !== expected) {
      throw new ErpError(
        `db/template/changes/${name} should be numbered ${String(expected).padStart(4, "0")}: change files follow each other.`,
      );
    }
    const text = await readFile(join(changesDir, name), "utf8");
    changes.push({
      versionNumber,
      name,
      checksum: createHash("sha256").update(text).digest("hex"),
      statements: await splitStatements(text, `db/template/changes/${name}`),
    });
  }
  return { baselineNumber, baselineDir: join(changesDir, baselineName ?? "0000_baseline"), changes };
}
