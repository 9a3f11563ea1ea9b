import { Agent, request as httpRequest } from "node:http";

export type StormTally = {
  /** Sign-ins answered, by HTTP status. */
  statuses: Record<number, number>;
  /** Sign-ins answered (any status) and connections that failed. */
  answered: number;
  failed: number;
  /** How long a sign-in that was let through (not 429/503) took, in ms. */
  latencies: number[];
};

type Credentials = { tenant: string; email: string; password: string };

/**
 * `concurrency` clients (numbered from 0) signing in over and over for `seconds`, each as soon as its last answer
 * came. A client refused with 429 or 503 waits the Retry-After, but at most a second, before
 * trying again: it keeps pressing, as an attacker or an impatient crowd would, without turning
 * the storm into a flood of cheap refusals.
 */
export async function loginStorm(
  port: number,
  concurrency: number,
  seconds: number,
  credentials: (client: number) => Credentials,
): Promise<StormTally> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const tally: StormTally = { statuses: {}, answered: 0, failed: 0, latencies: [] };
  const endsAt = performance.now() + seconds * 1000;
  const signIn = (client: number) =>
    new Promise<{ status: number; retryAfter: number }>((resolve) => {
      const body = JSON.stringify(credentials(client));
      const request = httpRequest(
        {
          host: "127.0.0.1",
          port,
          agent,
          method: "POST",
          path: "/trpc/auth.login",
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve({ status: response.statusCode ?? 0, retryAfter: Number(response.headers["retry-after"] ?? 0) }));
        },
      );
      request.on("error", () => resolve({ status: 0, retryAfter: 1 }));
      request.end(body);
    });
  const client = async (_: unknown, index: number) => {
    while (performance.now() < endsAt) {
      const started = performance.now();
      const { status, retryAfter } = await signIn(index);
      if (status === 0) tally.failed++;
      else {
        tally.answered++;
        tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      }
      if (status === 429 || status === 503 || status === 0)
        await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter || 1, 1) * 1000));
      else tally.latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  agent.destroy();
  return tally;
}
