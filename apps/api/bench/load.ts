import { Agent, request as httpRequest } from "node:http";
import { summarize } from "@erp/metrics";
import autocannon from "autocannon";

// The two ways the benchmarks load a server on loopback, shared by bench:api and bench:fleet.

export type Run = { rps: number; p50: number; p95: number; p99: number; errors: number; requests: number };

/** The next request to send (method, path, headers, body). */
export type NextRequest = () => autocannon.Request;

function toRun(latencies: number[], errors: number, seconds: number): Run {
  const summary = summarize(latencies);
  return { rps: latencies.length / seconds, p50: summary.p50, p95: summary.p95, p99: summary.p99, errors, requests: latencies.length };
}

/**
 * Open loop at a fixed arrival rate: requests leave on schedule whether or not earlier ones have
 * answered, and latency counts from the scheduled moment, so a stall shows up in the percentiles
 * instead of slowing the load (autocannon's rate limit sends each second's requests in a burst).
 */
export async function fixedRate(port: number, seconds: number, rate: number, next: NextRequest): Promise<Run> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const total = rate * seconds;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    let answered = 0;
    const send = (scheduledAt: number) => {
      const request = next();
      const outgoing = httpRequest(
        { host: "127.0.0.1", port, agent, method: request.method, path: request.path, headers: request.headers },
        (response) => {
          response.resume();
          response.on("end", () => {
            latencies.push(performance.now() - scheduledAt);
            if ((response.statusCode ?? 500) >= 400) errors++;
            if (++answered === total) resolve();
          });
        },
      );
      outgoing.on("error", () => {
        errors++;
        if (++answered === total) resolve();
      });
      outgoing.end(request.body);
    };
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) send(started + (sent / rate) * 1000);
      if (sent === total) clearInterval(timer);
    }, 1);
  });
  agent.destroy();
  return toRun(latencies, errors, seconds);
}

/** Closed loop, as fast as the server answers: `connections` requests in flight at all times. */
export async function maxThroughput(port: number, seconds: number, connections: number, next: NextRequest): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 400) errors++;
    });
  });
  return toRun(latencies, errors, seconds);
}
