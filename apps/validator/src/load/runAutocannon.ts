import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import {
  bearer,
  judgeResponse,
  pickRequest,
  recordProduced,
  renderInput,
  type Scenario,
  type ScenarioRequest,
  trpcRequest,
} from "@erp/load-tests/scenario";
import autocannon from "autocannon";
import type { LoadRun, LoadSample, LoadTenant } from "./loadSample.ts";

export type DriveOptions = {
  url: string;
  scenario: Scenario;
  tenants: readonly LoadTenant[];
  rate: number;
  durationSeconds: number;
  onSecond?: () => void;
};

/** Most connections opened; above this many requests/s each connection sends several per second. */
const maxConnections = 200;

/**
 * How the rate is spread: autocannon releases a connection's share of the rate at the start of
 * each of its seconds, all at once. One connection per request per second, each started a
 * fraction of a second after the last, spaces the arrivals evenly over the second, as k6's
 * constant-arrival-rate executor does; bursts would measure queueing the scenario does not ask for.
 */
export function arrivalPlan(rate: number): number[] {
  const connections = Math.min(rate, maxConnections);
  return Array.from({ length: connections }, (_, index) => Math.floor(rate / connections) + (index < rate % connections ? 1 : 0));
}

/**
 * The scenario's mix at `rate` requests/s for `durationSeconds`, with autocannon (k6 is not
 * installable on the CI machines). Each request is picked by weight, exactly as the k6 script
 * does, through the same scenario interpreter, and judged by the same checks.
 */
export async function runAutocannon(options: DriveOptions): Promise<LoadRun> {
  const { scenario, tenants } = options;
  const runId = randomBytes(3).toString("hex");
  let counter = 0;
  const samples: LoadSample[] = [];
  const checks: LoadRun["checks"] = { total: 0, failed: {} };
  const errors: string[] = [];
  const plan = arrivalPlan(options.rate);

  const connection = async (rate: number, index: number): Promise<autocannon.Result> => {
    await sleep((index * 1000) / plan.length);
    // One connection per instance: a reply and its latency always belong to its one request in flight.
    let inFlight: { request: ScenarioRequest; tenant: LoadTenant } | undefined;
    let judged: Omit<LoadSample, "ms"> | undefined;
    let finish: (error: unknown, result: autocannon.Result) => void = () => {};
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      finish = (error, result) => (error ? reject(error) : resolve(result));
    });
    const instance = autocannon(
      {
        url: new URL(options.url).origin,
        connections: 1,
        overallRate: rate,
        duration: options.durationSeconds,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => {
              const picked = pickRequest(scenario, tenants, Math.random);
              if (!picked) throw new Error("No tenant can serve any request of the scenario (check the tenants' tiers and fixtures).");
              const input = renderInput(
                picked.request.input,
                picked.tenant.fixtures,
                Math.random,
                () => `${runId}-${++counter}`,
                picked.tenant.pools,
              );
              const http = trpcRequest(picked.request.procedure, picked.request.type, input, bearer(picked.tenant.token));
              inFlight = picked;
              return { ...request, method: http.method, path: http.path, headers: http.headers, body: http.body ?? undefined };
            },
            // Called just before autocannon's "response" event for the same reply, which carries the latency.
            onResponse: (status, body) => {
              if (!inFlight) return;
              const { request: answered, tenant } = inFlight;
              for (const verdict of judgeResponse(answered, status, body)) {
                checks.total += 1;
                if (verdict.ok) continue;
                const key = `${answered.name}: ${verdict.name}`;
                checks.failed[key] = (checks.failed[key] ?? 0) + 1;
              }
              // Chained requests: what this answer produced is there for the next steps to take.
              recordProduced(answered, tenant, status, body);
              judged = { name: answered.name, group: answered.group, status };
            },
          },
        ],
      },
      (error, result) => finish(error, result),
    );
    instance.on("response", (_client, _status, _bytes, ms) => {
      if (judged) samples.push({ ...judged, ms });
      judged = undefined;
    });
    instance.on("reqError", (error: Error) => {
      if (errors.length < 20) errors.push(error.message);
    });
    if (index === 0) instance.on("tick", () => options.onSecond?.());
    return finished;
  };

  const results = await Promise.all(plan.map(connection));
  const failures = results.reduce((sum, result) => sum + result.errors, 0);
  const timeouts = results.reduce((sum, result) => sum + result.timeouts, 0);
  if (failures > 0) errors.unshift(`${failures} request errors (${timeouts} timeouts)`);
  // Each connection sends for the whole duration (from its own start), so the rate is samples per duration.
  return { driver: "autocannon", samples, checks, seconds: options.durationSeconds, errors };
}
