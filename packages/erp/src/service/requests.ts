import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import {
  type ServiceRequestsRow,
  serviceRequestStatusHistoryColumns,
  serviceRequestStatusHistoryRow,
  serviceRequestsColumns,
  serviceRequestsRow,
} from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { serviceNumber } from "./serviceNumber.ts";

/** How long after its resolution a request may be reopened (the database's trigger keeps the same window). */
export const reopenWindowDays = 14;

export type CreateServiceRequestInput = {
  customer_id: string;
  category_id: string;
  customer_address_id?: string | undefined;
  product_id?: string | undefined;
  order_id?: string | undefined;
  serial_number?: string | undefined;
  priority?: ServiceRequestsRow["priority"] | undefined;
  source?: ServiceRequestsRow["source"] | undefined;
  subject: string;
  description: string;
  /** When the customer reported it (ISO instant, not in the future); now when left out. */
  reported_at?: string | undefined;
};

/**
 * Opens a service request: its SLA policy (the active policy of its priority, one of its category
 * before a general one) sets the response and resolution due times from the reported time.
 * Nothing is charged yet: billing starts as `paid` until claimCoverage finds a warranty or a contract.
 */
export async function createServiceRequest(tx: TenantQueries, input: CreateServiceRequestInput, actor: Actor): Promise<ServiceRequestsRow> {
  const refs = await tx.one(sql.type(
    z.object({
      customer: z.boolean(),
      category: z.boolean(),
      product: z.boolean(),
      order: z.boolean(),
      address: z.boolean(),
      future: z.boolean(),
    }),
  )`
    SELECT EXISTS (SELECT 1 FROM customers WHERE id = ${input.customer_id}) AS customer,
      EXISTS (SELECT 1 FROM service_categories WHERE id = ${input.category_id}) AS category,
      (${input.product_id ?? null}::uuid IS NULL OR EXISTS (SELECT 1 FROM products WHERE id = ${input.product_id ?? null}::uuid)) AS product,
      (${input.order_id ?? null}::uuid IS NULL OR EXISTS (
        SELECT 1 FROM orders WHERE id = ${input.order_id ?? null}::uuid AND customer_id = ${input.customer_id})) AS "order",
      (${input.customer_address_id ?? null}::uuid IS NULL OR EXISTS (
        SELECT 1 FROM customer_addresses WHERE id = ${input.customer_address_id ?? null}::uuid AND customer_id = ${input.customer_id})) AS address,
      coalesce(${input.reported_at ?? null}::timestamptz, now()) > now() AS future`);
  if (!refs.customer) throw new NotFoundError(`No customer has the id ${input.customer_id}.`);
  if (!refs.category) throw new NotFoundError(`No service category has the id ${input.category_id}.`);
  if (!refs.product) throw new NotFoundError(`No product has the id ${input.product_id}.`);
  if (!refs.order) throw new NotFoundError(`order_id: the customer has no order ${input.order_id}.`);
  if (!refs.address) throw new NotFoundError(`customer_address_id: the customer has no address ${input.customer_address_id}.`);
  if (refs.future) throw new InvalidInputError("reported_at: must not lie in the future.");
  const priority = input.priority ?? "medium";
  const request = await tx.one(sql.type(serviceRequestsRow)`
    WITH sla AS (
      SELECT id, response_minutes, resolution_minutes FROM sla_policies
      WHERE priority = ${priority} AND is_active AND (service_category_id IS NULL OR service_category_id = ${input.category_id})
      ORDER BY service_category_id NULLS LAST, id LIMIT 1
    ), reported AS (SELECT coalesce(${input.reported_at ?? null}::timestamptz, now()) AS at)
    INSERT INTO service_requests (request_number, customer_id, customer_address_id, product_id, order_id, category_id, sla_policy_id,
      serial_number, priority, source, subject, description, reported_at, response_due_at, resolution_due_at,
      status_changed_by_user_id, status_reason)
    SELECT ${serviceNumber("SR")}, ${input.customer_id}, ${input.customer_address_id ?? null}::uuid, ${input.product_id ?? null}::uuid,
      ${input.order_id ?? null}::uuid, ${input.category_id}, sla.id, ${input.serial_number ?? null}, ${priority}, ${input.source ?? "phone"},
      ${input.subject}, ${input.description}, reported.at,
      reported.at + make_interval(mins => sla.response_minutes), reported.at + make_interval(mins => sla.resolution_minutes),
      ${actor.userId}::uuid, 'reported'
    FROM reported LEFT JOIN sla ON true
    RETURNING ${serviceRequestsColumns}`);
  await recordAudit(tx, actor, {
    action: "create",
    entity: "service_requests",
    entityId: request.id,
    after: { request_number: request.request_number, priority, status: request.status },
  });
  return loadServiceRequest(tx, request.id);
}

/** The columns of a request, with the SLA breach flag as of now: stored when resolved late or flagged, or unresolved past its due time. */
const requestColumns = sql.fragment`${sql.join(
  serviceRequestsColumns.sql
    .split(", ")
    .filter((column) => column !== "sla_breached")
    .map((column) => sql.identifier([column])),
  sql.fragment`, `,
)}, (sla_breached OR coalesce(resolved_at IS NULL AND status <> 'cancelled' AND resolution_due_at < now(), false)) AS sla_breached`;

/** One request; NotFoundError when the tenant has none with that id. */
export async function loadServiceRequest(tx: TenantQueries, id: string): Promise<ServiceRequestsRow> {
  const request = await tx.maybeOne(sql.type(serviceRequestsRow)`SELECT ${requestColumns} FROM service_requests WHERE id = ${id}`);
  if (!request) throw new NotFoundError(`No service request has the id ${id}.`);
  return request;
}

export type ServiceRequestFilter = {
  status?: ServiceRequestsRow["status"] | undefined;
  customer_id?: string | undefined;
  sla_breached?: boolean | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Requests oldest first, one page past the cursor. */
export async function listServiceRequests(
  tx: TenantQueries,
  filter: ServiceRequestFilter,
): Promise<{ items: ServiceRequestsRow[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.status) conditions.push(sql.fragment`status = ${filter.status}`);
  if (filter.customer_id) conditions.push(sql.fragment`customer_id = ${filter.customer_id}`);
  const rows = await tx.any(sql.type(serviceRequestsRow)`
    SELECT * FROM (SELECT ${requestColumns} FROM service_requests WHERE ${sql.join(conditions, sql.fragment` AND `)}) r
    WHERE ${filter.sla_breached === undefined ? sql.fragment`TRUE` : sql.fragment`sla_breached = ${filter.sla_breached}`}
    ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Every status the request took, oldest first (written by the database's trigger). */
export async function serviceRequestHistory(tx: TenantQueries, id: string): Promise<z.infer<typeof serviceRequestStatusHistoryRow>[]> {
  await loadServiceRequest(tx, id);
  return [
    ...(await tx.any(sql.type(serviceRequestStatusHistoryRow)`
      SELECT ${serviceRequestStatusHistoryColumns} FROM service_request_status_history WHERE service_request_id = ${id} ORDER BY id`)),
  ];
}

export type ServiceRequestAction = "start" | "hold" | "resume" | "resolve" | "close" | "reopen" | "cancel" | "unassign";

/** What each action does to the status; the database's trigger refuses any other move, and reopening after the window. */
export const serviceRequestTransitions: Record<
  ServiceRequestAction,
  { from: readonly ServiceRequestsRow["status"][]; to: ServiceRequestsRow["status"] }
> = {
  start: { from: ["assigned"], to: "in_progress" },
  hold: { from: ["in_progress"], to: "on_hold" },
  resume: { from: ["on_hold"], to: "in_progress" },
  resolve: { from: ["in_progress"], to: "resolved" },
  close: { from: ["resolved"], to: "closed" },
  reopen: { from: ["resolved", "closed"], to: "open" },
  cancel: { from: ["open", "assigned"], to: "cancelled" },
  unassign: { from: ["assigned"], to: "open" },
};

export type ServiceRequestTransition = {
  id: string;
  action: ServiceRequestAction;
  reason?: string | null | undefined;
  /** For resolve: what was done (required). */
  resolution?: string | undefined;
  /** For resolve: when it was resolved (ISO instant, not in the future, not before the last visit ended); now when left out. */
  resolved_at?: string | undefined;
};

/**
 * Moves a request along its state machine in one transaction. Resolving records the resolution
 * and flags an SLA breach when it came after the resolution due time, and completes the
 * request's assignments; cancelling or unassigning releases the technician's booked visits.
 * Reopening (within 14 days of the resolution) sends the request back to open for a new
 * assignment. The history row is written by the database.
 */
export async function changeServiceRequestStatus(
  tx: TenantQueries,
  input: ServiceRequestTransition,
  actor: Actor,
): Promise<ServiceRequestsRow> {
  const before = await tx.maybeOne(
    sql.type(serviceRequestsRow)`SELECT ${serviceRequestsColumns} FROM service_requests WHERE id = ${input.id} FOR UPDATE`,
  );
  if (!before) throw new NotFoundError(`No service request has the id ${input.id}.`);
  const rule = serviceRequestTransitions[input.action];
  if (!rule.from.includes(before.status)) {
    throw new ConflictError(
      `Service request ${before.request_number} is ${before.status}: it cannot ${input.action} (only from ${rule.from.join(" or ")}).`,
    );
  }
  const reason = input.reason ?? input.action;
  let changes: FragmentSqlToken = sql.fragment`status = ${rule.to}`;
  if (input.action === "resolve") {
    if (!input.resolution) throw new InvalidInputError("resolution: say what was done to resolve the request.");
    const when = await tx.one(sql.type(z.object({ future: z.boolean(), early: z.boolean() }))`
      WITH at AS (SELECT coalesce(${input.resolved_at ?? null}::timestamptz, now()) AS at)
      SELECT at.at > now() AS future,
        at.at < ${before.reported_at}::timestamptz OR at.at < ${before.first_response_at}::timestamptz
          OR EXISTS (SELECT 1 FROM service_visits v WHERE v.service_request_id = ${input.id} AND v.departed_at > at.at) AS early
      FROM at`);
    if (when.future) throw new InvalidInputError("resolved_at: must not lie in the future.");
    if (when.early)
      throw new InvalidInputError("resolved_at: must not lie before the request was reported, first answered or its last visit ended.");
    changes = sql.fragment`status = 'resolved', resolution = ${input.resolution},
      resolved_at = coalesce(${input.resolved_at ?? null}::timestamptz, now()),
      sla_breached = sla_breached OR coalesce(coalesce(${input.resolved_at ?? null}::timestamptz, now()) > resolution_due_at, false)`;
    await tx.query(sql.unsafe`
      UPDATE service_assignments SET status = 'completed', updated_at = now()
      WHERE service_request_id = ${input.id} AND status IN ('assigned', 'accepted')`);
  } else if (input.action === "close") {
    changes = sql.fragment`status = 'closed', closed_at = greatest(now(), resolved_at)`;
  } else if (input.action === "reopen") {
    changes = sql.fragment`status = 'open', resolved_at = NULL, closed_at = NULL, resolution = NULL`;
  } else if (input.action === "cancel" || input.action === "unassign") {
    await tx.query(sql.unsafe`
      WITH visits AS (
        UPDATE service_visits SET status = 'cancelled', updated_at = now()
        WHERE service_request_id = ${input.id} AND status IN ('scheduled', 'en_route')
      )
      UPDATE service_assignments SET status = 'cancelled', unassigned_at = greatest(now(), assigned_at), updated_at = now()
      WHERE service_request_id = ${input.id} AND status IN ('assigned', 'accepted')`);
  }
  await tx.query(sql.unsafe`
    UPDATE service_requests SET ${changes}, status_changed_by_user_id = ${actor.userId}::uuid, status_reason = ${reason}, updated_at = now()
    WHERE id = ${input.id}`);
  const after = await loadServiceRequest(tx, input.id);
  await recordAudit(tx, actor, {
    action: input.action,
    entity: "service_requests",
    entityId: input.id,
    before: { status: before.status, resolved_at: before.resolved_at, closed_at: before.closed_at },
    after: { status: after.status, resolved_at: after.resolved_at, closed_at: after.closed_at },
  });
  return after;
}

/** Marks every unresolved request past its resolution due time as breached; answers how many were newly flagged. */
export async function flagSlaBreaches(tx: TenantQueries, actor: Actor): Promise<{ flagged: number }> {
  const flagged = await tx.oneFirst(sql.type(z.object({ count: z.number() }))`
    WITH flagged AS (
      UPDATE service_requests SET sla_breached = true, updated_at = now()
      WHERE NOT sla_breached AND resolved_at IS NULL AND status <> 'cancelled' AND resolution_due_at < now()
      RETURNING id
    )
    SELECT count(*)::integer AS count FROM flagged`);
  if (flagged > 0)
    await recordAudit(tx, actor, { action: "flag_sla_breaches", entity: "service_requests", entityId: null, after: { flagged } });
  return { flagged };
}
