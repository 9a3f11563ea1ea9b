import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type CallResult, callProcedure } from "../api/callProcedure.ts";
import { createTally } from "./attackTally.ts";
import { bearerOf, type Session } from "./session.ts";

/** Wrong passwords sent at once to one account: far past any sane lockout threshold. */
const burstSize = 30;
/** Clients signing in at once, and sign-ins each makes, during the storm. */
const stormClients = 50;
const signInsPerClient = 2;

/**
 * Sign-in abuse aimed at one tenant must stay there. A burst of wrong passwords at one account
 * is cut off with 429 and Retry-After (none signs in); then, while 50 clients sign in to that
 * tenant over and over, another tenant reads without a single failure (an unbounded storm used to
 * starve the pool: 500s). Every sign-in is answered 200, 401, 429 or 503, the last two with
 * Retry-After; a refused client waits that long (at most a second) and tries again.
 */
export async function loginStormAttacks(url: string, target: Session, reader: Session) {
  const attack = createTally(
    "Login storm",
    `${burstSize} wrong passwords at once at one account of ${target.tenant.slug} (must end in 429), then ${stormClients} clients signing in to it ${signInsPerClient} times each while ${reader.tenant.slug} reads; every read must succeed, every refused sign-in carry Retry-After.`,
  );
  const signIn = (email: string, password: string) =>
    callProcedure(url, "auth.login", "mutation", { tenant: target.tenant.slug, email, password });
  const judgeSignIn = (result: CallResult, what: string) => {
    const refusedForLoad = result.status === 429 || result.status === 503;
    if (refusedForLoad && !(result.retryAfter && result.retryAfter > 0)) {
      attack.unexpected(`${what}: answered ${result.status} without Retry-After`);
    } else if (result.status >= 500 && result.status !== 503) {
      attack.unexpected(`${what}: answered ${result.status} ${result.code ?? ""} ${result.message}`.trim());
    } else attack.refused(result.ok ? "signed in" : (result.code ?? `HTTP ${result.status}`));
  };

  // An account of its own (unknown accounts are locked like real ones), so the admin stays usable.
  const victim = `storm-${randomBytes(4).toString("hex")}@example.test`;
  const burst = await Promise.all(Array.from({ length: burstSize }, (_, index) => signIn(victim, `guess-${index}`)));
  for (const result of burst) {
    if (result.ok) attack.leak(`a wrong password for ${victim} signed in`);
    else judgeSignIn(result, `wrong password burst at ${victim}`);
  }
  if (!burst.some((result) => result.status === 429)) {
    attack.unexpected(`${burstSize} wrong passwords at once at ${victim} were never answered 429: no lockout`);
  }

  let storming = true;
  const client = async () => {
    for (let index = 0; index < signInsPerClient; index++) {
      const result = await signIn(target.tenant.email, target.tenant.password);
      judgeSignIn(result, `sign-in storm on ${target.tenant.slug}`);
      if (result.status === 429 || result.status === 503) await sleep(Math.min(result.retryAfter || 1, 1) * 1000);
    }
  };
  const reads = async () => {
    while (storming) {
      const result = await callProcedure(url, "catalog.products.list", "query", { limit: 20 }, bearerOf(reader));
      if (result.ok) attack.refused("read served during the storm");
      else attack.unexpected(`${reader.tenant.slug} catalog.products.list during the storm: answered ${result.status} ${result.message}`);
    }
  };
  const reading = reads();
  await Promise.all(Array.from({ length: stormClients }, client)).finally(() => {
    storming = false;
  });
  await reading;
  return attack.tally;
}
