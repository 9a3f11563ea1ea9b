import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DdlStatement } from "../ddl/splitStatements.ts";
import { splitStatements } from "../ddl/splitStatements.ts";
import { templateDir } from "../repoRoot.ts";

export type TemplateFile = {
  file: string;
  /** The module the file holds: `03_inventory.sql` -> `inventory`. */
  module: string;
  statementCount: number;
  tables: string[];
};

export type TemplateSource = {
  /** First 16 hex digits of the SHA-256 of all files, in order: what a tenant records it was built from. */
  version: string;
  statements: DdlStatement[];
  files: TemplateFile[];
  tableCount: number;
};

const fileNamePattern = /^(\d{2})_([a-z]+)\.sql$/;

/** Reads and splits the template DDL (`db/template/NN_module.sql`, in name order). */
export async function loadTemplateSource(dir: string = templateDir): Promise<TemplateSource> {
  const names = (await readdir(dir)).filter((name) => fileNamePattern.test(name)).sort();
  const hash = createHash("sha256");
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
  return {
    version: hash.digest("hex").slice(0, 16),
    statements,
    files,
    tableCount: files.reduce((sum, file) => sum + file.tables.length, 0),
  };
}
