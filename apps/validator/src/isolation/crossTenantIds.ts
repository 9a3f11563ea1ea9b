import { callProcedure } from "../api/callProcedure.ts";
import type { ProcedureInfo } from "../api/procedureCatalog.ts";
import { createTally } from "./attackTally.ts";
import { bearerOf, type Session } from "./session.ts";

/** Verbs that change or remove a row: tried after the reads, removals last, so each finds the row still there. */
const verbOrder = (path: string) => {
  const verb = path.split(".").at(-1) ?? "";
  if (verb === "get") return 0;
  if (verb === "remove" || verb === "delete") return 2;
  return 1;
};

/**
 * The attacker's token with the victim's ids on every procedure that addresses a row by id (get,
 * update, archive, remove, order transitions…). The victim's ids come from its own lists; after
 * the attacks, the victim's rows must read exactly as before.
 */
export async function crossTenantIdAttacks(url: string, catalog: readonly ProcedureInfo[], pairs: readonly [Session, Session][]) {
  const attack = createTally(
    "Another tenant's ids",
    "Tenant A's token with tenant B's row ids on every get/update/archive/remove procedure; B's rows are read before and after.",
  );
  const byId = catalog
    .filter((procedure) => procedure.auth === "tenant" && procedure.fields.includes("id"))
    .sort((a, b) => verbOrder(a.path) - verbOrder(b.path));
  const entities = [...new Set(byId.map((procedure) => procedure.path.split(".").slice(0, -1).join(".")))];
  const has = (path: string) => catalog.some((procedure) => procedure.path === path);

  for (const [attacker, victim] of pairs) {
    const who = `${attacker.tenant.slug} → ${victim.tenant.slug}`;
    // One row of the victim per entity, and how it reads now.
    const targets = new Map<string, { id: string; before: string | null }>();
    for (const entity of entities) {
      if (!has(`${entity}.list`)) {
        attack.uncovered(`${entity}: no list procedure to find a row of the victim`);
        continue;
      }
      const listed = await callProcedure(url, `${entity}.list`, "query", { limit: 1 }, bearerOf(victim));
      const id = (listed.data as { items?: { id?: string }[] } | undefined)?.items?.[0]?.id;
      if (!id) {
        attack.uncovered(
          `${entity}: ${victim.tenant.slug} has no row (${listed.ok ? "empty list" : `list answered ${listed.code ?? listed.status}`})`,
        );
        continue;
      }
      const before = has(`${entity}.get`) ? await callProcedure(url, `${entity}.get`, "query", { id }, bearerOf(victim)) : null;
      targets.set(entity, { id, before: before?.ok ? JSON.stringify(before.data) : null });
    }
    for (const procedure of byId) {
      const entity = procedure.path.split(".").slice(0, -1).join(".");
      const target = targets.get(entity);
      if (!target) continue;
      const input: Record<string, unknown> = { id: target.id };
      if (procedure.fields.includes("patch")) input.patch = {};
      if (!procedure.accepts(input)) {
        attack.uncovered(`${procedure.path}: needs more input than an id, so an attack would stop at validation`);
        continue;
      }
      const result = await callProcedure(url, procedure.path, procedure.type, input, bearerOf(attacker));
      attack.expectRefusal(result, `${who} ${procedure.path}`);
    }
    for (const [entity, target] of targets) {
      if (target.before === null) continue;
      const after = await callProcedure(url, `${entity}.get`, "query", { id: target.id }, bearerOf(victim));
      if (!after.ok || JSON.stringify(after.data) !== target.before) {
        attack.leak(`${who}: ${victim.tenant.slug}'s ${entity} ${target.id} changed or vanished during the attacks`);
      }
    }
  }
  return attack.tally;
}
