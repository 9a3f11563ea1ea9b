import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const appDir = fileURLToPath(new URL("..", import.meta.url));

/** Runs one of the app's programs as a separate process, as `pnpm …` does, with extra environment variables. */
async function runProgram(script: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: appDir,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** The operator CLI (`pnpm provision`, `pnpm tenants`, `pnpm seed`) against `databaseUrl`. */
export const runCli = (args: string[], databaseUrl: string) => runProgram("src/main.ts", args, { DATABASE_URL: databaseUrl });

/** The database commands (`pnpm db:*`). */
export const runDbCli = (args: string[], env: Record<string, string> = {}) => runProgram("src/db/main.ts", args, env);
