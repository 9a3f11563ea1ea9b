import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const apiRoot = join(import.meta.dirname, "..");

/**
 * Starts a server script of this package (the API, a floor server) in its own process, so the load
 * generator stays out of its event loop, and resolves with the port from its JSON "listening" log
 * line. After that line the request log lines are read and dropped, not parsed.
 */
export async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: apiRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffered = "";
  let listening = false;
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    child.stdout?.on("data", (chunk) => {
      if (listening) return;
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const entry = JSON.parse(line) as { msg?: string; url?: string; port?: number };
        if (entry.msg === "listening") {
          listening = true;
          resolve(entry.port ?? Number(new URL(entry.url ?? "").port));
        }
      }
    });
  });
  return { child, port };
}
