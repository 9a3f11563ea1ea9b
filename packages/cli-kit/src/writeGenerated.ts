import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { repoRoot } from "@erp/db";

export type GeneratedFile = { path: string; content: string };

/**
 * Writes generated files that differ from what is committed, or with `check` only reports them:
 * the `pnpm api:docs`, `pnpm seed:docs` and `pnpm db:types` commands and their `--check`
 * variants (run by the tests). The exit code: 1 when `check` finds a file out of date.
 */
export async function writeGenerated(
  files: readonly GeneratedFile[],
  options: { check: boolean; command: string; source: string },
): Promise<number> {
  const drifted: string[] = [];
  for (const file of files) {
    const current = await readFile(file.path, "utf8").catch(() => null);
    if (current === file.content) continue;
    drifted.push(relative(repoRoot, file.path));
    if (!options.check) {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(file.path, file.content);
    }
  }
  const names = drifted.join(", ");
  if (options.check && drifted.length > 0) {
    console.error(`Generated files are out of date with ${options.source} (run \`${options.command}\` and commit): ${names}.`);
    return 1;
  }
  console.log(drifted.length === 0 ? `Up to date with ${options.source}.` : `Wrote ${names}.`);
  return 0;
}
