import { warrantyClaimsResolution, warrantyClaimsRow, warrantyClaimsStatus } from "@erp/db-types";
import { service } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, money, page, pageOf, text } from "../../validation/fields.ts";

export const warrantyClaimsRouter = router({
  decide: moduleProcedure("service", "write")
    .meta({
      summary:
        "Decides a warranty claim: review (submitted → under_review), approve (for approved_amount ≤ the amount claimed), reject (with a reason; its request becomes a paid job) or settle (approved → settled). Any other move answers CONFLICT.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        id,
        decision: z.enum(["review", "approve", "reject", "settle"]),
        reason: text(1000).optional(),
        approved_amount: money.optional(),
        resolution: warrantyClaimsResolution.optional(),
      }),
    )
    .output(warrantyClaimsRow)
    .mutation(({ ctx, input }) => service.decideWarrantyClaim(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("service")
    .meta({ summary: "One warranty claim.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(warrantyClaimsRow)
    .query(({ ctx, input }) => service.loadWarrantyClaim(ctx.tx, input.id)),

  list: moduleProcedure("service")
    .meta({ summary: "Warranty claims, oldest first; optionally of one status or service request." })
    .input(z.object({ ...page, status: warrantyClaimsStatus.optional(), service_request_id: id.optional() }))
    .output(pageOf(warrantyClaimsRow))
    .query(({ ctx, input }) => service.listWarrantyClaims(ctx.tx, input)),
});
