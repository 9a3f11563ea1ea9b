import { ensureEmbeddedServer, stopEmbeddedServer } from "@erp/db";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { callProcedure } from "../api/callProcedure.ts";
import type { ValidationApi } from "../api/validationApi.ts";
import type { ValidationTenant } from "../stages/provisioning.ts";

export type RestartData = {
  writes: number;
  acknowledged: number;
  /** Acknowledged writes not found afterwards: must be 0. */
  lost: number;
  /** Writes answered with an error whose row exists anyway (the commit landed, its answer did not). */
  committedUnanswered: number;
  /** Answers by HTTP status (0: no answer at all). */
  statuses: Record<string, number>;
  /** From the stop command until the server accepted connections again (stop + held down + start). */
  downtimeMs: number;
  /** How long the fast shutdown took (sessions ended, shutdown checkpoint). */
  stopMs: number;
  /** How long the start took, until it accepted connections (held down `heldDownMs` in between). */
  startMs: number;
  /** From the server accepting connections until the API acknowledged a write again; null if it never did. */
  recoveryMs: number | null;
};

const writers = 4;
/** The server stays stopped this long, so writes meet a server that is not there at all (ECONNREFUSED), not only one shutting down. */
const heldDownMs = 1000;
const recoveryLimitMs = 30_000;

type Write = { slug: string; status: number; startedAt: number; endedAt: number };

/**
 * Creates brands through the API from four writers while the embedded PostgreSQL is stopped
 * (fast shutdown: sessions are ended, open transactions rolled back) and started again. Every
 * acknowledged write must be in the database afterwards, every failure while it is down must be
 * 503, and the API must serve again without being restarted.
 */
export async function restartDuringWrites(
  api: ValidationApi,
  pool: DatabasePool,
  tenant: ValidationTenant,
  expectedUrl: string,
): Promise<{ data: RestartData; problems: string[] }> {
  const headers = { authorization: `Bearer ${await api.login(tenant)}` };
  const writes: Write[] = [];
  let stopped = false;
  let sequence = 0;
  const writer = async () => {
    while (!stopped) {
      const slug = `fault-restart-${sequence++}`;
      const startedAt = performance.now();
      const answer = await callProcedure(api.url, "catalog.brands.create", "mutation", { slug, name: slug }, headers);
      writes.push({ slug, status: answer.status, startedAt, endedAt: performance.now() });
      await sleep(answer.ok ? 10 : 50);
    }
  };
  const running = Array.from({ length: writers }, writer);
  await sleep(1500);
  const stopAt = performance.now();
  await stopEmbeddedServer();
  const stoppedAt = performance.now();
  await sleep(heldDownMs);
  const startAt = performance.now();
  const url = await ensureEmbeddedServer();
  const upAt = performance.now();
  const recovered = await waitFor(() => writes.find((write) => write.status === 200 && write.startedAt >= upAt), recoveryLimitMs);
  await sleep(1000);
  stopped = true;
  await Promise.all(running);

  const stored = new Set(await withRetry(() => brandSlugs(pool, tenant.schemaName)));
  const acknowledged = writes.filter((write) => write.status === 200);
  const statuses: Record<string, number> = {};
  for (const write of writes) statuses[write.status] = (statuses[write.status] ?? 0) + 1;
  const data: RestartData = {
    writes: writes.length,
    acknowledged: acknowledged.length,
    lost: acknowledged.filter((write) => !stored.has(write.slug)).length,
    committedUnanswered: writes.filter((write) => write.status !== 200 && stored.has(write.slug)).length,
    statuses,
    downtimeMs: Math.round(upAt - stopAt),
    stopMs: Math.round(stoppedAt - stopAt),
    startMs: Math.round(upAt - startAt),
    recoveryMs: recovered ? Math.round(recovered.endedAt - upAt) : null,
  };
  const problems: string[] = [];
  if (new URL(url).port !== new URL(expectedUrl).port)
    problems.push("The embedded PostgreSQL came back on another port: the API could not have reached it.");
  if (data.lost > 0) problems.push(`${data.lost} of ${data.acknowledged} acknowledged writes were lost in the restart.`);
  const wrong = Object.entries(statuses).filter(([status]) => status !== "200" && status !== "503");
  if (wrong.length > 0) {
    problems.push(
      `While the database restarted, writes were answered ${wrong.map(([status, count]) => `${status} ×${count}`).join(", ")} instead of 503.`,
    );
  }
  if (!statuses["503"]) problems.push("No write was answered 503 while the database was down: the restart was not observed.");
  if (!recovered) problems.push(`The API did not acknowledge a write within ${recoveryLimitMs / 1000} s of the database being back.`);
  return { data, problems };
}

async function brandSlugs(pool: DatabasePool, schemaName: string): Promise<readonly string[]> {
  return pool.anyFirst(
    sql.type(z.object({ slug: z.string() }))`SELECT slug FROM ${sql.identifier([schemaName, "brands"])} WHERE slug LIKE 'fault-restart-%'`,
  );
}

/** The run's own pool may still hold connections the restart ended: the first use of each fails. */
async function withRetry<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(200);
    }
  }
}

async function waitFor<T>(find: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found || performance.now() > deadline) return found;
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
