import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { warrantyClaimsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { compare, normalize } from "../sales/billing/money.ts";

export type WarrantyClaim = z.infer<typeof warrantyClaimsRow>;
export type WarrantyClaimDecision = "review" | "approve" | "reject" | "settle";

export type DecideWarrantyClaimInput = {
  id: string;
  decision: WarrantyClaimDecision;
  /** Why a claim is rejected (required then), in one sentence. */
  reason?: string | undefined;
  /** What the maker accepts to pay back (approve; the amount claimed when left out). */
  approved_amount?: string | undefined;
  resolution?: WarrantyClaim["resolution"] | undefined;
};

/** The moves a decision makes (the database's trigger `warranty_claims_transition` allows exactly these). */
export const warrantyClaimMoves: Record<WarrantyClaimDecision, { from: readonly WarrantyClaim["status"][]; to: WarrantyClaim["status"] }> =
  {
    review: { from: ["submitted"], to: "under_review" },
    approve: { from: ["submitted", "under_review"], to: "approved" },
    reject: { from: ["submitted", "under_review"], to: "rejected" },
    settle: { from: ["approved"], to: "settled" },
  };

/**
 * Decides a warranty claim: under review, approved (for the amount claimed or less) or rejected
 * with a reason, once; an approved claim is settled when the maker pays it back. Rejecting turns
 * the claim's service request into a paid job (billing `paid`, so it can be invoiced once
 * resolved): the warranty does not pay for the work. The database refuses any other move
 * (`warranty_claims_transition`) and a rejection without a reason.
 */
export async function decideWarrantyClaim(tx: TenantQueries, input: DecideWarrantyClaimInput, actor: Actor): Promise<WarrantyClaim> {
  const claim = await tx.maybeOne(sql.type(warrantyClaimsRow)`SELECT * FROM warranty_claims WHERE id = ${input.id} FOR UPDATE`);
  if (!claim) throw new NotFoundError(`No warranty claim has the id ${input.id}.`);
  const move = warrantyClaimMoves[input.decision];
  if (!move.from.includes(claim.status)) {
    throw new ConflictError(
      `Warranty claim ${claim.claim_number} is ${claim.status}: ${input.decision} applies to a claim that is ${move.from.join(" or ")}.`,
    );
  }
  const reason = input.reason?.trim() ?? "";
  if (input.decision === "reject" && reason === "") throw new InvalidInputError("reason: a rejection says why, in one sentence.");
  const approvedAmount = input.decision === "approve" ? (input.approved_amount ?? claim.amount) : claim.approved_amount;
  if (input.decision === "approve" && approvedAmount !== null && compare(approvedAmount, claim.amount) > 0) {
    throw new InvalidInputError(`approved_amount: ${normalize(approvedAmount)} is more than the ${normalize(claim.amount)} claimed.`);
  }
  const decided = input.decision === "approve" || input.decision === "reject";
  const updated = await tx.one(sql.type(warrantyClaimsRow)`
    UPDATE warranty_claims SET status = ${move.to},
      decided_at = ${decided ? sql.fragment`greatest(now(), claimed_at)` : sql.fragment`decided_at`},
      decided_by = ${decided ? sql.fragment`${actor.userId}::uuid` : sql.fragment`decided_by`},
      approved_amount = ${approvedAmount}::numeric,
      resolution = coalesce(${input.resolution ?? null}::text, resolution),
      rejection_reason = ${input.decision === "reject" ? reason : null}::text,
      updated_at = now()
    WHERE id = ${input.id}
    RETURNING *`);
  if (input.decision === "reject" && claim.service_request_id) {
    const converted = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`
      UPDATE service_requests SET billing = 'paid', updated_at = now()
      WHERE id = ${claim.service_request_id} AND billing = 'warranty' AND warranty_id = ${claim.warranty_id}
      RETURNING id`);
    if (converted) {
      await recordAudit(tx, actor, {
        action: "convert_to_paid",
        entity: "service_requests",
        entityId: converted,
        before: { billing: "warranty" },
        after: { billing: "paid", reason: `Warranty claim ${claim.claim_number} rejected: ${reason}` },
      });
    }
  }
  await recordAudit(tx, actor, {
    action: input.decision,
    entity: "warranty_claims",
    entityId: input.id,
    before: { status: claim.status },
    after: { status: updated.status, approved_amount: updated.approved_amount, rejection_reason: updated.rejection_reason },
  });
  return updated;
}

export async function loadWarrantyClaim(tx: TenantQueries, id: string): Promise<WarrantyClaim> {
  const claim = await tx.maybeOne(sql.type(warrantyClaimsRow)`SELECT * FROM warranty_claims WHERE id = ${id}`);
  if (!claim) throw new NotFoundError(`No warranty claim has the id ${id}.`);
  return claim;
}

/** Claims oldest first, optionally of one status or service request, one page past the cursor. */
export async function listWarrantyClaims(
  tx: TenantQueries,
  input: {
    cursor?: string | undefined;
    limit: number;
    status?: WarrantyClaim["status"] | undefined;
    service_request_id?: string | undefined;
  },
): Promise<{ items: WarrantyClaim[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
  if (input.service_request_id) conditions.push(sql.fragment`service_request_id = ${input.service_request_id}`);
  const rows = await tx.any(sql.type(warrantyClaimsRow)`
    SELECT * FROM warranty_claims WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
