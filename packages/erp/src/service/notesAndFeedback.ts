import { ConflictError, NotFoundError, type TenantQueries } from "@erp/db";
import { serviceFeedbackRow, serviceNotesRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export type ServiceNote = z.infer<typeof serviceNotesRow>;
export type ServiceFeedback = z.infer<typeof serviceFeedbackRow>;

const requestHead = z.object({ number: z.string(), status: z.string(), customerId: z.uuid() });

async function requestOf(tx: TenantQueries, id: string, lock = false) {
  const request = await tx.maybeOne(sql.type(requestHead)`
    SELECT request_number AS number, status, customer_id AS "customerId" FROM service_requests WHERE id = ${id}
    ${lock ? sql.fragment`FOR UPDATE` : sql.fragment``}`);
  if (!request) throw new NotFoundError(`No service request has the id ${id}.`);
  return request;
}

/** A note on a request (internal by default), optionally about one of its visits, signed by the user. */
export async function addServiceNote(
  tx: TenantQueries,
  input: { service_request_id: string; body: string; is_internal?: boolean | undefined; service_visit_id?: string | undefined },
  actor: Actor,
): Promise<ServiceNote> {
  await requestOf(tx, input.service_request_id);
  if (input.service_visit_id) {
    const visit = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
      SELECT id FROM service_visits WHERE id = ${input.service_visit_id} AND service_request_id = ${input.service_request_id}`);
    if (!visit) throw new NotFoundError(`service_visit_id: the request has no visit ${input.service_visit_id}.`);
  }
  const note = await tx.one(sql.type(serviceNotesRow)`
    INSERT INTO service_notes (service_request_id, service_visit_id, author_user_id, technician_id, body, is_internal)
    VALUES (${input.service_request_id}, ${input.service_visit_id ?? null}::uuid, ${actor.userId}::uuid,
      (SELECT id FROM technicians WHERE user_id = ${actor.userId}::uuid ORDER BY id LIMIT 1), ${input.body}, ${input.is_internal ?? true})
    RETURNING *`);
  await recordAudit(tx, actor, { action: "create", entity: "service_notes", entityId: note.id, after: note });
  return note;
}

/** A request's notes, oldest first, one page past the cursor. */
export async function listServiceNotes(
  tx: TenantQueries,
  input: { service_request_id: string; cursor?: string | undefined; limit: number },
): Promise<{ items: ServiceNote[]; nextCursor: string | null }> {
  await requestOf(tx, input.service_request_id);
  const conditions: FragmentSqlToken[] = [sql.fragment`service_request_id = ${input.service_request_id}`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  const rows = await tx.any(sql.type(serviceNotesRow)`
    SELECT * FROM service_notes WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * The customer's rating (1–5) of a closed request, once per request: a second answers CONFLICT (a
 * unique key). It names the technician of the request's last completed visit. The database refuses
 * feedback on a request that is not closed (`service_feedback_after_close`).
 */
export async function submitServiceFeedback(
  tx: TenantQueries,
  input: { service_request_id: string; rating: number; would_recommend?: boolean | undefined; comments?: string | undefined },
  actor: Actor,
): Promise<ServiceFeedback> {
  const request = await requestOf(tx, input.service_request_id, true);
  if (request.status !== "closed") {
    throw new ConflictError(`Service request ${request.number} is ${request.status}: feedback is given once it is closed.`);
  }
  const existing = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT id FROM service_feedback WHERE service_request_id = ${input.service_request_id}`);
  if (existing) throw new ConflictError(`Service request ${request.number} already has its feedback: a request is rated once.`);
  const feedback = await tx.one(sql.type(serviceFeedbackRow)`
    INSERT INTO service_feedback (service_request_id, customer_id, technician_id, rating, would_recommend, comments)
    VALUES (${input.service_request_id}, ${request.customerId},
      (SELECT technician_id FROM service_visits WHERE service_request_id = ${input.service_request_id} AND status = 'completed'
        ORDER BY scheduled_end DESC, id DESC LIMIT 1),
      ${input.rating}, ${input.would_recommend ?? null}::boolean, ${input.comments ?? null})
    RETURNING *`);
  await recordAudit(tx, actor, { action: "create", entity: "service_feedback", entityId: feedback.id, after: feedback });
  return feedback;
}

export async function loadServiceFeedback(tx: TenantQueries, input: { service_request_id: string }): Promise<ServiceFeedback> {
  const request = await requestOf(tx, input.service_request_id);
  const feedback = await tx.maybeOne(sql.type(serviceFeedbackRow)`
    SELECT * FROM service_feedback WHERE service_request_id = ${input.service_request_id}`);
  if (!feedback) throw new NotFoundError(`Service request ${request.number} has no feedback.`);
  return feedback;
}
