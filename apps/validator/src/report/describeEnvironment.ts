import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { redact, repoRoot } from "@erp/db";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import type { ValidationReport } from "./validationReport.ts";

/** Where the figures were measured: they only compare with runs on the same kind of machine. */
export async function describeEnvironment(
  pool: DatabasePool,
  target: { url: string; embedded: boolean },
  database: string,
): Promise<ValidationReport["environment"]> {
  const postgres = await pool.oneFirst(sql.type(z.object({ version: z.string() }))`SELECT current_setting('server_version') AS version`);
  return {
    node: process.version,
    postgres,
    server: redact(target.url),
    embedded: target.embedded,
    database,
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    commit: gitCommit(),
  };
}

function gitCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return dirty.trim() ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return null;
  }
}
