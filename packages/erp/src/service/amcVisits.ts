import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { amcVisitsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export type AmcVisit = z.infer<typeof amcVisitsRow>;

const lockedContract = z.object({
  number: z.string(),
  status: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  included: z.number(),
  used: z.number(),
  open: z.number(),
});

async function lockContract(tx: TenantQueries, id: string) {
  const contract = await tx.maybeOne(sql.type(lockedContract)`
    SELECT c.contract_number AS number, c.status, c.start_date::text AS "startDate", c.end_date::text AS "endDate",
      c.visits_included AS included, c.visits_used AS used,
      (SELECT count(*)::integer FROM amc_visits v WHERE v.amc_contract_id = c.id AND v.status IN ('planned', 'scheduled')) AS open
    FROM amc_contracts c WHERE c.id = ${id} FOR UPDATE`);
  if (!contract) throw new NotFoundError(`No maintenance contract has the id ${id}.`);
  return contract;
}

/**
 * Plans a preventive visit of an active contract on a day inside it. The visits planned and not
 * yet done, with those already used, stay within what the contract includes (the contract row is
 * locked, so two plans cannot both take the last visit).
 */
export async function planAmcVisit(
  tx: TenantQueries,
  input: { amc_contract_id: string; scheduled_date: string },
  actor: Actor,
): Promise<AmcVisit> {
  const contract = await lockContract(tx, input.amc_contract_id);
  if (contract.status !== "active")
    throw new ConflictError(`Maintenance contract ${contract.number} is ${contract.status}: only an active one gets visits.`);
  if (input.scheduled_date < contract.startDate || input.scheduled_date > contract.endDate) {
    throw new InvalidInputError(
      `scheduled_date: ${input.scheduled_date} lies outside maintenance contract ${contract.number} (${contract.startDate} to ${contract.endDate}).`,
    );
  }
  if (contract.used + contract.open >= contract.included) {
    throw new ConflictError(
      `Maintenance contract ${contract.number} includes ${contract.included} visits: ${contract.used} used and ${contract.open} planned leave none to plan.`,
    );
  }
  const visit = await tx.one(sql.type(amcVisitsRow)`
    INSERT INTO amc_visits (amc_contract_id, visit_sequence, scheduled_date, status)
    SELECT ${input.amc_contract_id}, coalesce(max(visit_sequence), 0) + 1, ${input.scheduled_date}::date, 'planned'
    FROM amc_visits WHERE amc_contract_id = ${input.amc_contract_id}
    RETURNING *`);
  await recordAudit(tx, actor, { action: "plan", entity: "amc_visits", entityId: visit.id, after: visit });
  return visit;
}

export type AmcVisitOutcome = "scheduled" | "completed" | "missed" | "cancelled";

/**
 * Moves a planned visit on: scheduled (confirmed with the customer), completed (uses one of the
 * contract's visits, like a completed visit of a contract's request), missed or cancelled (the
 * visit goes back to the contract's plan). The database refuses any other move (`amc_visits_transition`).
 */
export async function recordAmcVisit(
  tx: TenantQueries,
  input: { id: string; outcome: AmcVisitOutcome; completed_at?: string | undefined },
  actor: Actor,
): Promise<AmcVisit> {
  const visit = await tx.maybeOne(sql.type(amcVisitsRow)`SELECT * FROM amc_visits WHERE id = ${input.id} FOR UPDATE`);
  if (!visit) throw new NotFoundError(`No maintenance visit has the id ${input.id}.`);
  const contract = await lockContract(tx, visit.amc_contract_id);
  const allowed =
    visit.status === "planned"
      ? ["scheduled", "completed", "missed", "cancelled"]
      : visit.status === "scheduled"
        ? ["completed", "missed", "cancelled"]
        : [];
  if (!allowed.includes(input.outcome)) {
    throw new ConflictError(
      `Visit ${visit.visit_sequence} of maintenance contract ${contract.number} is ${visit.status}: it cannot become ${input.outcome}.`,
    );
  }
  if (input.outcome === "completed") {
    const used = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
      UPDATE amc_contracts SET visits_used = visits_used + 1, updated_at = now()
      WHERE id = ${visit.amc_contract_id} AND visits_used < visits_included RETURNING id`);
    if (!used) throw new ConflictError(`Maintenance contract ${contract.number}: its ${contract.included} visits are used up.`);
  }
  const updated = await tx.one(sql.type(amcVisitsRow)`
    UPDATE amc_visits SET status = ${input.outcome},
      completed_at = ${input.outcome === "completed" ? sql.fragment`coalesce(${input.completed_at ?? null}::timestamptz, now())` : sql.fragment`NULL`},
      updated_at = now()
    WHERE id = ${input.id} RETURNING *`);
  await recordAudit(tx, actor, { action: input.outcome, entity: "amc_visits", entityId: input.id, before: visit, after: updated });
  return updated;
}

/** A contract's planned visits in sequence. */
export async function listAmcVisits(tx: TenantQueries, input: { amc_contract_id: string }): Promise<AmcVisit[]> {
  const exists = await tx.maybeOneFirst(
    sql.type(z.object({ id: z.uuid() }))`SELECT id FROM amc_contracts WHERE id = ${input.amc_contract_id}`,
  );
  if (!exists) throw new NotFoundError(`No maintenance contract has the id ${input.amc_contract_id}.`);
  return [
    ...(await tx.any(sql.type(amcVisitsRow)`
      SELECT * FROM amc_visits WHERE amc_contract_id = ${input.amc_contract_id} ORDER BY visit_sequence`)),
  ];
}
