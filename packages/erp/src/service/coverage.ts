import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { loadServiceRequest } from "./requests.ts";
import { serviceNumber } from "./serviceNumber.ts";

export type ClaimCoverageInput = {
  service_request_id: string;
  /** When neither a warranty nor a contract covers the request: keep it as a paid job instead of refusing. */
  convert_to_paid?: boolean | undefined;
  /** What the warranty claim asks back from the maker (0 when left out). */
  amount?: string | undefined;
};

export const coverageOutcome = z.object({
  billing: z.enum(["paid", "warranty", "amc"]),
  amc_contract_id: z.uuid().nullable(),
  warranty_id: z.uuid().nullable(),
  warranty_claim_id: z.uuid().nullable(),
  explanation: z.string(),
});
export type CoverageOutcome = z.infer<typeof coverageOutcome>;

const requestRow = z.object({
  number: z.string(),
  status: z.string(),
  billing: z.string(),
  customerId: z.uuid(),
  productId: z.uuid().nullable(),
  orderId: z.uuid().nullable(),
  reportedOn: z.string(),
});

/**
 * Decides who pays for a request, in this order: an active maintenance contract of the customer
 * that covers the reported day and the product (a contract without items covers every product)
 * and has visits left → billing `amc`; else the product's warranty, which runs from the delivery
 * of the customer's order (its delivered_at, else its last shipment's) for the product's
 * `warranty_months` attribute (12 when not set) → a warranty claim, billing `warranty` (the
 * claim's trigger refuses a claim outside the window again); else the request is refused with
 * one sentence, or stays a paid job when convert_to_paid is set.
 */
export async function claimCoverage(tx: TenantQueries, input: ClaimCoverageInput, actor: Actor): Promise<CoverageOutcome> {
  const request = await tx.maybeOne(sql.type(requestRow)`
    SELECT request_number AS number, status, billing, customer_id AS "customerId", product_id AS "productId", order_id AS "orderId",
      reported_at::date::text AS "reportedOn"
    FROM service_requests WHERE id = ${input.service_request_id} FOR UPDATE`);
  if (!request) throw new NotFoundError(`No service request has the id ${input.service_request_id}.`);
  if (!["open", "assigned", "in_progress", "on_hold"].includes(request.status)) {
    throw new ConflictError(`Service request ${request.number} is ${request.status}: coverage is decided before it is resolved.`);
  }
  if (request.billing !== "paid") throw new ConflictError(`Service request ${request.number} is already covered (${request.billing}).`);
  const hasParts = await tx.oneFirst(sql.type(z.object({ used: z.boolean() }))`
    SELECT EXISTS (SELECT 1 FROM service_parts_used p JOIN service_visits v ON v.id = p.service_visit_id
      WHERE v.service_request_id = ${input.service_request_id}) AS used`);
  if (hasParts)
    throw new ConflictError(`Service request ${request.number} already has parts issued: coverage is decided before work starts.`);

  const contract = await tx.maybeOne(sql.type(z.object({ id: z.uuid(), number: z.string() }))`
    SELECT c.id, c.contract_number AS number FROM amc_contracts c
    WHERE c.customer_id = ${request.customerId} AND c.status = 'active' AND ${request.reportedOn}::date BETWEEN c.start_date AND c.end_date
      AND c.visits_used < c.visits_included
      AND (NOT EXISTS (SELECT 1 FROM amc_contract_items i WHERE i.amc_contract_id = c.id)
        OR EXISTS (SELECT 1 FROM amc_contract_items i WHERE i.amc_contract_id = c.id AND i.product_id = ${request.productId}::uuid))
    ORDER BY c.end_date, c.id LIMIT 1 FOR UPDATE OF c`);
  if (contract) {
    await setBilling(tx, input.service_request_id, sql.fragment`billing = 'amc', amc_contract_id = ${contract.id}`);
    return done(tx, actor, input.service_request_id, {
      billing: "amc",
      amc_contract_id: contract.id,
      warranty_id: null,
      warranty_claim_id: null,
      explanation: `Covered by maintenance contract ${contract.number}.`,
    });
  }

  if (!request.productId || !request.orderId) {
    return refuse(
      tx,
      actor,
      input,
      request.number,
      "names no product and order to find a warranty from, and no active maintenance contract covers it",
    );
  }
  const delivery = await tx.maybeOne(sql.type(
    z.object({ orderItemId: z.uuid(), deliveredOn: z.string().nullable(), months: z.number(), orderNumber: z.string() }),
  )`
    SELECT oi.id AS "orderItemId", o.order_number AS "orderNumber",
      coalesce(o.delivered_at, (SELECT max(s.delivered_at) FROM shipments s WHERE s.order_id = o.id))::date::text AS "deliveredOn",
      coalesce(CASE WHEN p.attributes->>'warranty_months' ~ '^[0-9]{1,3}$' THEN (p.attributes->>'warranty_months')::integer END, 12) AS months
    FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id
    WHERE o.id = ${request.orderId} AND oi.product_id = ${request.productId}
    ORDER BY oi.position LIMIT 1`);
  if (!delivery) throw new InvalidInputError(`Service request ${request.number}: its order does not hold its product.`);
  if (!delivery.deliveredOn) {
    return refuse(
      tx,
      actor,
      input,
      request.number,
      `is for order ${delivery.orderNumber}, which was not delivered, so no warranty runs yet, and no active maintenance contract covers it`,
    );
  }
  const warranty = await tx.one(sql.type(z.object({ id: z.uuid(), number: z.string(), startsOn: z.string(), endsOn: z.string() }))`
    WITH existing AS (
      SELECT id, warranty_number, starts_on, ends_on FROM warranties
      WHERE order_item_id = ${delivery.orderItemId} AND customer_id = ${request.customerId} AND status = 'active' ORDER BY id LIMIT 1
    ), created AS (
      INSERT INTO warranties (warranty_number, product_id, customer_id, order_item_id, kind, starts_on, ends_on, status)
      SELECT ${serviceNumber("W")}, ${request.productId}, ${request.customerId}, ${delivery.orderItemId}, 'manufacturer',
        ${delivery.deliveredOn}::date, (${delivery.deliveredOn}::date + make_interval(months => ${delivery.months}))::date, 'active'
      WHERE NOT EXISTS (SELECT 1 FROM existing)
      RETURNING id, warranty_number, starts_on, ends_on
    )
    SELECT id, warranty_number AS number, starts_on::text AS "startsOn", ends_on::text AS "endsOn" FROM existing
    UNION ALL SELECT id, warranty_number, starts_on::text, ends_on::text FROM created`);
  if (request.reportedOn < warranty.startsOn || request.reportedOn > warranty.endsOn) {
    return refuse(
      tx,
      actor,
      input,
      request.number,
      `was reported on ${request.reportedOn}, outside warranty ${warranty.number} (${warranty.startsOn} to ${warranty.endsOn}, from the delivery of order ${delivery.orderNumber}), and no active maintenance contract covers it`,
      warranty.id,
    );
  }
  const claimId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    INSERT INTO warranty_claims (claim_number, warranty_id, service_request_id, status, claimed_at, amount)
    SELECT ${serviceNumber("WC")}, ${warranty.id}, ${input.service_request_id}, 'submitted', r.reported_at, ${input.amount ?? "0"}
    FROM service_requests r WHERE r.id = ${input.service_request_id}
    RETURNING id`);
  await setBilling(tx, input.service_request_id, sql.fragment`billing = 'warranty', warranty_id = ${warranty.id}`);
  return done(tx, actor, input.service_request_id, {
    billing: "warranty",
    amc_contract_id: null,
    warranty_id: warranty.id,
    warranty_claim_id: claimId,
    explanation: `Covered by warranty ${warranty.number} (${warranty.startsOn} to ${warranty.endsOn}).`,
  });
}

async function setBilling(tx: TenantQueries, requestId: string, changes: ReturnType<typeof sql.fragment>): Promise<void> {
  await tx.query(sql.unsafe`UPDATE service_requests SET ${changes}, updated_at = now() WHERE id = ${requestId}`);
}

async function refuse(
  tx: TenantQueries,
  actor: Actor,
  input: ClaimCoverageInput,
  number: string,
  why: string,
  warrantyId: string | null = null,
): Promise<CoverageOutcome> {
  if (!input.convert_to_paid) {
    throw new ConflictError(
      `Service request ${number} ${why}: the work is chargeable (claim again with convert_to_paid to make it a paid job).`,
    );
  }
  return done(tx, actor, input.service_request_id, {
    billing: "paid",
    amc_contract_id: null,
    warranty_id: warrantyId,
    warranty_claim_id: null,
    explanation: `Service request ${number} ${why}: it is a paid job.`,
  });
}

async function done(tx: TenantQueries, actor: Actor, requestId: string, outcome: CoverageOutcome): Promise<CoverageOutcome> {
  await loadServiceRequest(tx, requestId);
  await recordAudit(tx, actor, { action: "claim_coverage", entity: "service_requests", entityId: requestId, after: outcome });
  return outcome;
}
