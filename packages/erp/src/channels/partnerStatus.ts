import { NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

/** The tables whose status follows a lifecycle (kept by the channel_status_guard trigger). */
export type PartnerTable = "channels" | "dealers" | "franchisees" | "community_partners";

/**
 * The lifecycles, for documentation and the model test: the database is the judge (a move outside
 * them is refused by the trigger with the allowed moves in its sentence).
 */
export const partnerStatusMoves: Record<PartnerTable, Record<string, readonly string[]>> = {
  channels: { active: ["inactive", "archived"], inactive: ["active", "archived"], archived: [] },
  dealers: {
    prospect: ["active", "terminated"],
    active: ["on_hold", "suspended", "terminated"],
    on_hold: ["active", "suspended", "terminated"],
    suspended: ["active", "terminated"],
    terminated: [],
  },
  franchisees: {
    prospect: ["active", "terminated"],
    active: ["suspended", "terminated", "expired"],
    suspended: ["active", "terminated", "expired"],
    terminated: [],
    expired: [],
  },
  community_partners: {
    pending: ["active", "terminated"],
    active: ["suspended", "terminated"],
    suspended: ["active", "terminated"],
    terminated: [],
  },
};

const statusRow = z.object({ id: z.uuid(), status: z.string() });

/**
 * Moves a channel, dealer, franchisee or community partner to another status, audited as
 * `status`. The same status is a no-op; a move the lifecycle forbids is refused by the database
 * (BAD_REQUEST naming the allowed moves).
 */
export async function setPartnerStatus(
  tx: TenantQueries,
  table: PartnerTable,
  input: { id: string; status: string },
  actor: Actor,
): Promise<{ id: string; status: string }> {
  const before = await tx.maybeOne(sql.type(statusRow)`
    SELECT id, status FROM ${sql.identifier([table])} WHERE id = ${input.id} FOR UPDATE`);
  if (!before) throw new NotFoundError(`No ${table.replaceAll("_", " ").replace(/s$/, "")} has the id ${input.id}.`);
  if (before.status === input.status) return before;
  const after = await tx.one(sql.type(statusRow)`
    UPDATE ${sql.identifier([table])} SET status = ${input.status}, updated_at = now() WHERE id = ${input.id} RETURNING id, status`);
  await recordAudit(tx, actor, { action: "status", entity: table, entityId: input.id, before, after });
  return after;
}
