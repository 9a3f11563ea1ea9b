import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { repoRoot } from "@erp/db";
import { provisionPhases } from "@erp/tenancy";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";

export type KillSample = {
  slug: string;
  /** The moment aimed at: after the child opened the database (`ready`) or after a phase of its transaction. */
  killedAfter: string;
  delayMs: number;
  /** `absent`: rolled back, nothing left; `whole`: it committed before the kill landed; `partial`: an orphan. */
  outcome: "absent" | "whole" | "partial" | "not killed";
};

const childScript = `${import.meta.dirname}/provisionOnce.ts`;
const applicationName = "erp_faults_provision";
// Moments inside the provisioning transaction (the warm-pool claim happens only when the pool has entries).
const moments = ["ready", ...provisionPhases.filter((phase) => phase !== "pool")];

/**
 * Provisions tenants in child processes and kills each with SIGKILL at a random moment of its
 * transaction (after a random phase, plus 0–40 ms), waits for PostgreSQL to end the orphaned
 * backend, and checks that the tenant is either whole or entirely absent.
 */
export async function killProvisioningAtRandom(
  pool: DatabasePool,
  databaseUrl: string,
  slugs: readonly string[],
  onKilled: () => void,
): Promise<{ samples: KillSample[]; problems: string[] }> {
  const samples: KillSample[] = [];
  const problems: string[] = [];
  const url = new URL(databaseUrl);
  url.searchParams.set("application_name", applicationName);
  for (const slug of slugs) {
    const killedAfter = moments[Math.floor(Math.random() * moments.length)] as string;
    const delayMs = Math.floor(Math.random() * 40);
    const run = await runAndKill(url.toString(), slug, killedAfter, delayMs);
    if (run.error) problems.push(`Provisioning ${slug} failed on its own before the kill: ${run.error}`);
    const gone = await backendsGone(pool);
    if (!gone) problems.push(`The killed provisioning of ${slug} still has a backend 60 s later.`);
    const parts = await tenantParts(pool, slug);
    const present = Object.values(parts).filter(Boolean).length;
    const outcome = !run.killed ? "not killed" : present === 0 ? "absent" : present === 3 ? "whole" : "partial";
    if (outcome === "partial")
      problems.push(`Killed after ${killedAfter} + ${delayMs} ms, ${slug} was left partial: ${JSON.stringify(parts)}.`);
    samples.push({ slug, killedAfter, delayMs, outcome });
    onKilled();
  }
  return { samples, problems };
}

async function runAndKill(databaseUrl: string, slug: string, killAfter: string, delayMs: number) {
  const child = spawn(process.execPath, ["--import", "tsx", childScript, slug, "starter"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  let killed = false;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === (killAfter === "ready" ? "ready" : `phase ${killAfter}`)) {
      setTimeout(() => {
        killed = child.kill("SIGKILL");
      }, delayMs);
      break;
    }
  }
  const code = await exited;
  const error = !killed && code !== 0 ? stderr.trim().split("\n").slice(-3).join(" ") || `exit code ${code}` : undefined;
  return { killed, error };
}

/** PostgreSQL ends a dead client's backend (and rolls its transaction back) once it notices the closed socket. */
async function backendsGone(pool: DatabasePool): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const alive = await pool.oneFirst(
      sql.type(
        z.object({ count: z.number() }),
      )`SELECT count(*)::int AS count FROM pg_stat_activity WHERE application_name = ${applicationName}`,
    );
    if (alive === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function tenantParts(pool: DatabasePool, slug: string) {
  return pool.one(sql.type(z.object({ registry: z.boolean(), schema: z.boolean(), role: z.boolean() }))`
    SELECT EXISTS (SELECT 1 FROM platform.tenants WHERE slug = ${slug}) AS registry,
           to_regnamespace(${`tenant_${slug}`}) IS NOT NULL AS schema,
           EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${`tenant_${slug}_rw`}) AS role`);
}
