import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, "..", "..");

test("every Markdown file that code and docs cite is in the repository", async () => {
  const tracked = (await run("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot })).stdout
    .split("\n")
    .filter(Boolean);
  const names = new Set(tracked.map((file) => basename(file)));
  const missing: string[] = [];
  for (const file of tracked.filter((path) => /\.(ts|js|md|mjs)$/.test(path) && existsSync(join(repoRoot, path)))) {
    const text = await readFile(join(repoRoot, file), "utf8");
    // Names starting upper-case (`README.md`) or with a folder (`docs/performance.md`); other lower-case ones are too often prose.
    for (const [cited] of text.matchAll(/\b(?:[\w.-]+\/)*[A-Z][\w-]*\.md\b|\b(?:[\w.-]+\/)+[\w-]+\.md\b/g)) {
      if (!names.has(basename(cited))) missing.push(`${file}: ${cited}`);
    }
  }
  expect(missing).toEqual([]);
});
