import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { serviceAssignmentsColumns, serviceAssignmentsRow, serviceVisitsColumns, serviceVisitsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { serviceNumber } from "./serviceNumber.ts";

export type AssignTechnicianInput = {
  service_request_id: string;
  technician_id: string;
  /** The visit booked for the technician (ISO instants): the technician is taken for this time. */
  scheduled_start: string;
  scheduled_end: string;
  is_remote?: boolean | undefined;
};

export const assignment = z.object({ assignment: serviceAssignmentsRow, visit: serviceVisitsRow });
export type Assignment = z.infer<typeof assignment>;

/**
 * Assigns an open request to an active technician and books the technician's visit. No double
 * booking: the exclusion constraint on service_visits (technician, scheduled time range) refuses a
 * visit that overlaps one of the technician's booked visits, also when two assignments race (the
 * second waits for the first and then fails with CONFLICT). The request becomes assigned and its
 * first response is stamped.
 */
export async function assignTechnician(tx: TenantQueries, input: AssignTechnicianInput, actor: Actor): Promise<Assignment> {
  const request = await tx.maybeOne(sql.type(z.object({ number: z.string(), status: z.string() }))`
    SELECT request_number AS number, status FROM service_requests WHERE id = ${input.service_request_id} FOR UPDATE`);
  if (!request) throw new NotFoundError(`No service request has the id ${input.service_request_id}.`);
  if (request.status !== "open")
    throw new ConflictError(`Service request ${request.number} is ${request.status}: only an open request can be assigned.`);
  const technician = await tx.maybeOne(sql.type(z.object({ code: z.string(), status: z.string() }))`
    SELECT technician_code AS code, status FROM technicians WHERE id = ${input.technician_id}`);
  if (!technician) throw new NotFoundError(`No technician has the id ${input.technician_id}.`);
  if (technician.status !== "active")
    throw new ConflictError(`Technician ${technician.code} is ${technician.status}: only an active technician can be assigned.`);
  const window = await tx.one(sql.type(z.object({ ordered: z.boolean() }))`
    SELECT ${input.scheduled_end}::timestamptz > ${input.scheduled_start}::timestamptz AS ordered`);
  if (!window.ordered) throw new InvalidInputError("scheduled_end: must lie after scheduled_start.");
  const assigned = await tx.one(sql.type(serviceAssignmentsRow)`
    INSERT INTO service_assignments (service_request_id, technician_id, assigned_by_user_id, role, status)
    VALUES (${input.service_request_id}, ${input.technician_id}, ${actor.userId}::uuid, 'lead', 'assigned')
    RETURNING ${serviceAssignmentsColumns}`);
  const visit = await tx.one(sql.type(serviceVisitsRow)`
    INSERT INTO service_visits (visit_number, service_request_id, technician_id, status, is_remote, scheduled_start, scheduled_end)
    VALUES (${serviceNumber("SV")}, ${input.service_request_id}, ${input.technician_id}, 'scheduled', ${input.is_remote ?? false},
      ${input.scheduled_start}::timestamptz, ${input.scheduled_end}::timestamptz)
    RETURNING ${serviceVisitsColumns}`);
  await tx.query(sql.unsafe`
    UPDATE service_requests SET status = 'assigned', first_response_at = coalesce(first_response_at, greatest(now(), reported_at)),
      status_changed_by_user_id = ${actor.userId}::uuid, status_reason = ${`assigned to ${technician.code}`}, updated_at = now()
    WHERE id = ${input.service_request_id}`);
  await recordAudit(tx, actor, {
    action: "assign",
    entity: "service_requests",
    entityId: input.service_request_id,
    after: { technician_id: input.technician_id, visit_number: visit.visit_number, scheduled_start: visit.scheduled_start },
  });
  return { assignment: assigned, visit };
}

export type SuggestTechniciansInput = {
  service_request_id: string;
  scheduled_start: string;
  scheduled_end: string;
  /** Only technicians with this skill (their skills list or a skill record). */
  skill?: string | undefined;
  /** Territory: only technicians based at this warehouse (their van or depot). */
  warehouse_id?: string | undefined;
  limit: number;
};

export const technicianSuggestion = z.object({
  technician_id: z.uuid(),
  technician_code: z.string(),
  name: z.string(),
  skills: z.array(z.string()),
  home_warehouse_id: z.uuid().nullable(),
  /** Has a skill record for the request's service category. */
  category_skill: z.boolean(),
  /** Visits booked that day. */
  visits_that_day: z.number(),
});
export type TechnicianSuggestion = z.infer<typeof technicianSuggestion>;

/**
 * Active technicians free for the whole window (no booked visit overlaps it), filtered by skill
 * and territory, best first: a skill record for the request's category, then the fewest visits
 * that day, then the code.
 */
export async function suggestTechnicians(tx: TenantQueries, input: SuggestTechniciansInput): Promise<TechnicianSuggestion[]> {
  const category = await tx.maybeOneFirst(sql.type(z.object({ category_id: z.uuid() }))`
    SELECT category_id FROM service_requests WHERE id = ${input.service_request_id}`);
  if (!category) throw new NotFoundError(`No service request has the id ${input.service_request_id}.`);
  if (Date.parse(input.scheduled_end) <= Date.parse(input.scheduled_start))
    throw new InvalidInputError("scheduled_end: must lie after scheduled_start.");
  return [
    ...(await tx.any(sql.type(technicianSuggestion)`
      WITH slot AS (SELECT tstzrange(${input.scheduled_start}::timestamptz, ${input.scheduled_end}::timestamptz) AS range)
      SELECT t.id AS technician_id, t.technician_code, t.name, t.skills, t.home_warehouse_id,
        EXISTS (SELECT 1 FROM technician_skills s WHERE s.technician_id = t.id AND s.service_category_id = ${category}) AS category_skill,
        (SELECT count(*)::integer FROM service_visits v WHERE v.technician_id = t.id AND v.status NOT IN ('cancelled', 'no_show')
          AND v.scheduled_start::date = lower(slot.range)::date) AS visits_that_day
      FROM technicians t CROSS JOIN slot
      WHERE t.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM service_visits v WHERE v.technician_id = t.id AND v.status NOT IN ('cancelled', 'no_show')
          AND tstzrange(v.scheduled_start, v.scheduled_end) && slot.range)
        AND (${input.skill ?? null}::text IS NULL OR ${input.skill ?? null}::text = ANY (t.skills)
          OR EXISTS (SELECT 1 FROM technician_skills s WHERE s.technician_id = t.id AND s.skill = ${input.skill ?? null}::text))
        AND (${input.warehouse_id ?? null}::uuid IS NULL OR t.home_warehouse_id = ${input.warehouse_id ?? null}::uuid)
      ORDER BY category_skill DESC, visits_that_day, t.technician_code
      LIMIT ${input.limit}`)),
  ];
}
