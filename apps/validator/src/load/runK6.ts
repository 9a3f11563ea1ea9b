import { spawn, spawnSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Scenario } from "@erp/load-tests/scenario";
import type { LoadRun, LoadSample } from "./loadSample.ts";
import { k6Script } from "./loadScenario.ts";

export type K6Credentials = { tenant: string; email: string; password: string };

/** Whether a `k6` binary is on PATH: the load stage then runs the k6 script itself. */
export function hasK6(): boolean {
  return spawnSync("k6", ["version"], { stdio: "ignore" }).status === 0;
}

/**
 * Runs load-tests/scenarios.js with k6 against the validator's API and reads every request's
 * latency and every check from k6's JSON output, so the verdicts are computed exactly as for autocannon.
 */
export async function runK6(options: {
  url: string;
  scenario: Scenario;
  credentials: readonly K6Credentials[];
  rate: number;
  durationSeconds: number;
}): Promise<LoadRun> {
  const dir = await mkdtemp(path.join(tmpdir(), "erp-k6-"));
  try {
    const tenantsFile = path.join(dir, "tenants.json");
    const pointsFile = path.join(dir, "points.ndjson");
    await writeFile(tenantsFile, JSON.stringify(options.credentials), { mode: 0o600 });
    const args = ["run", "--quiet", "--no-color", "--out", `json=${pointsFile}`];
    const env = { API_URL: options.url, RATE: String(options.rate), DURATION: `${options.durationSeconds}s`, TENANTS_FILE: tenantsFile };
    for (const [key, value] of Object.entries(env)) args.push("-e", `${key}=${value}`);
    args.push(k6Script);
    const started = performance.now();
    const { code, stderr } = await run("k6", args);
    const seconds = (performance.now() - started) / 1000;
    const errors: string[] = [];
    // 99: thresholds crossed; the validator judges the samples itself. Anything else is k6 failing.
    if (code !== 0 && code !== 99) errors.push(`k6 exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}`);
    return { driver: "k6", ...(await readPoints(pointsFile, options.scenario)), seconds, errors };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Point = { type: string; metric: string; data: { value: number; tags?: Record<string, string> } };

async function readPoints(file: string, scenario: Scenario): Promise<Pick<LoadRun, "samples" | "checks">> {
  const groupOf = new Map(scenario.requests.map((request) => [request.name, request.group]));
  const samples: LoadSample[] = [];
  const checks: LoadRun["checks"] = { total: 0, failed: {} };
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.includes('"Point"')) continue;
    const point = JSON.parse(line) as Point;
    const tags = point.data.tags ?? {};
    if (point.metric === "http_req_duration" && tags.name && groupOf.has(tags.name)) {
      // Setup's logins and fixture reads carry other names and stay out of the figures.
      samples.push({ name: tags.name, group: groupOf.get(tags.name)!, ms: point.data.value, status: Number(tags.status ?? 0) });
    } else if (point.metric === "checks" && tags.check) {
      checks.total += 1;
      if (point.data.value === 0) checks.failed[tags.check] = (checks.failed[tags.check] ?? 0) + 1;
    }
  }
  return { samples, checks };
}

function run(command: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    // k6's own summary goes to stderr with the progress: stdout is reserved for --json.
    child.stdout.pipe(process.stderr);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}
