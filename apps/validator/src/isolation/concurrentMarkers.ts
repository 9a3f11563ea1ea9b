import { randomBytes } from "node:crypto";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { callProcedure } from "../api/callProcedure.ts";
import { createTally } from "./attackTally.ts";
import { bearerOf, type Session } from "./session.ts";

const idRow = z.object({ id: z.string() });
const markersPerTenant = 3;

/**
 * Many tenants at once on the API's one connection pool: each gets marker rows, then every
 * tenant lists brands and products in the same moments, round after round. Every row of every
 * answer must be the caller's own (its ids read from its schema) and carry only its own marker:
 * a connection that kept another tenant's search_path or role would show up here.
 */
export async function concurrentMarkerAttacks(url: string, pool: DatabasePool, sessions: readonly Session[], rounds: number) {
  const attack = createTally(
    "Concurrent tenants on one pool",
    `${sessions.length} tenants list their marker brands and their products at the same moments, ${rounds} rounds; each answer must hold the caller's rows only.`,
  );
  const run = randomBytes(3).toString("hex");
  const markerOf = (session: Session) => `marker ${run} ${session.tenant.slug}`;
  for (const session of sessions) {
    for (let index = 0; index < markersPerTenant; index++) {
      const created = await callProcedure(
        url,
        "catalog.brands.create",
        "mutation",
        { slug: `marker-${run}-${index}`, name: `${markerOf(session)} #${index}` },
        bearerOf(session),
      );
      if (!created.ok)
        throw new Error(`Could not create marker rows for ${session.tenant.slug}: ${created.code ?? created.status} ${created.message}`);
    }
  }
  // What each tenant owns, read from its own schema: the yardstick for every answer.
  const owned = new Map<string, Set<string>>();
  for (const session of sessions) {
    const schema = session.tenant.schemaName;
    const ids = await pool.anyFirst(sql.type(idRow)`
      SELECT id::text AS id FROM ${sql.identifier([schema, "brands"])}
      UNION ALL SELECT id::text FROM ${sql.identifier([schema, "products"])}`);
    owned.set(session.tenant.slug, new Set(ids));
  }

  const check = async (session: Session, procedure: string, input: unknown) => {
    const result = await callProcedure(url, procedure, "query", input, bearerOf(session));
    const what = `${session.tenant.slug} ${procedure}`;
    if (!result.ok) return attack.unexpected(`${what}: answered ${result.status} ${result.code ?? ""} ${result.message}`);
    const items = (result.data as { items?: { id: string; name?: string }[] }).items ?? [];
    const mine = owned.get(session.tenant.slug)!;
    const foreign = items.filter(
      (item) => !mine.has(item.id) || (item.name?.startsWith(`marker ${run} `) && !item.name.startsWith(markerOf(session))),
    );
    // Here a "refusal" is an answer that held the caller's rows only.
    if (foreign.length === 0) attack.refused("own rows only");
    else
      attack.leak(`${what}: ${foreign.length} of ${items.length} rows are another tenant's (e.g. ${foreign[0]!.name ?? foreign[0]!.id})`);
  };
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      sessions.flatMap((session) => [
        check(session, "catalog.brands.list", { search: `marker ${run}`, limit: 100 }),
        check(session, "catalog.products.list", { limit: 100 }),
      ]),
    );
  }
  return attack.tally;
}
