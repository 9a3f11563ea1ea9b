import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, "..", "..");
const scratch = await mkdtemp(join(tmpdir(), "ci-run-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

test(".ci/run stops the database and exits with the test status when the tests fail", async () => {
  const pnpmVersion = (
    JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { packageManager: string }
  ).packageManager.split("@")[1];
  const calls = join(scratch, "calls.txt");
  // A stand-in pnpm: the right version, an install that succeeds, a test run that fails with 3.
  const fakePnpm = join(scratch, "pnpm");
  await writeFile(
    fakePnpm,
    `#!/usr/bin/env bash
echo "$*" >> "${calls}"
case "$1" in
  --version) echo "${pnpmVersion}" ;;
  test) exit 3 ;;
esac
exit 0
`,
  );
  await chmod(fakePnpm, 0o755);
  const failure = await run(join(repoRoot, ".ci", "run"), [], {
    env: { ...process.env, PATH: `${scratch}:${dirname(process.execPath)}:${process.env.PATH}` },
  }).then(
    () => ({ code: 0 }),
    (error: { code: number }) => ({ code: error.code }),
  );
  expect(failure.code).toBe(3);
  const log = await readFile(calls, "utf8");
  expect(log).toContain("test\n");
  expect(log).toContain("--silent db:stop\n");
});
