import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { DdlError } from "../ddl/applyDdl.ts";
import { splitStatements } from "../ddl/splitStatements.ts";
import { ErpError, findPgError } from "../errors.ts";
import { rawQuery } from "../rawQuery.ts";
import { platformMigrationsDir, repoRoot } from "../repoRoot.ts";

/** An applied migration file was edited afterwards. */
export class MigrationChecksumError extends ErpError {
  override name = "MigrationChecksumError";
}

const fileNamePattern = /^\d{4}_[a-z0-9_]+\.sql$/;
const ledgerRow = z.object({ name: z.string(), checksum: z.string() });

export type MigrationResult = { applied: string[]; alreadyApplied: number };

/**
 * Applies the control-plane migrations (`NNNN_name.sql`) that are new, in order, each in its own
 * transaction with its ledger row. Refuses to run when an applied file's content changed.
 * Concurrent callers wait on an advisory lock instead of racing.
 */
export async function migratePlatform(pool: DatabasePool, dir: string = platformMigrationsDir): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".sql")).sort();
  const misnamed = files.filter((name) => !fileNamePattern.test(name));
  if (misnamed.length > 0) {
    throw new ErpError(`Migration files must be named NNNN_name.sql: ${misnamed.join(", ")}.`);
  }
  const sources = await Promise.all(
    files.map(async (name) => {
      const text = await readFile(join(dir, name), "utf8");
      return { name, text, checksum: createHash("sha256").update(text).digest("hex") };
    }),
  );

  return pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext('erp.platform.migrate'))`);
    await tx.query(sql.unsafe`CREATE SCHEMA IF NOT EXISTS platform`);
    await tx.query(sql.unsafe`
      CREATE TABLE IF NOT EXISTS platform.schema_migrations (
        name text PRIMARY KEY,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const ledger = new Map(
      (await tx.any(sql.type(ledgerRow)`SELECT name, checksum FROM platform.schema_migrations`)).map((row) => [row.name, row.checksum]),
    );
    for (const source of sources) {
      const recorded = ledger.get(source.name);
      if (recorded !== undefined && recorded !== source.checksum) {
        throw new MigrationChecksumError(
          `${relative(repoRoot, join(dir, source.name))} was changed after it was applied (its checksum differs from the ledger): restore it and put the change in a new migration file.`,
        );
      }
    }
    const applied: string[] = [];
    for (const source of sources) {
      if (ledger.has(source.name)) continue;
      const statements = await splitStatements(source.text, source.name);
      for (const statement of statements) {
        try {
          await tx.query(rawQuery(statement.sql));
        } catch (error) {
          throw new DdlError(`${source.name}:${statement.line}: ${findPgError(error)?.message ?? (error as Error).message}`, {
            cause: error,
          });
        }
      }
      await tx.query(sql.unsafe`INSERT INTO platform.schema_migrations (name, checksum) VALUES (${source.name}, ${source.checksum})`);
      applied.push(source.name);
    }
    return { applied, alreadyApplied: sources.length - applied.length };
  });
}
