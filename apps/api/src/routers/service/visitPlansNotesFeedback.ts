import { amcVisitsRow, serviceFeedbackRow, serviceNotesRow } from "@erp/db-types";
import { service } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { date, id, instant, page, pageOf, text } from "../../validation/fields.ts";

export const amcVisitsRouter = router({
  plan: moduleProcedure("service", "write")
    .meta({
      summary:
        "Plans a preventive visit of an active maintenance contract on a day inside it; planned and used visits stay within what the contract includes (CONFLICT beyond).",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ amc_contract_id: id, scheduled_date: date }))
    .output(amcVisitsRow)
    .mutation(({ ctx, input }) => service.planAmcVisit(ctx.tx, input, ctx.actor)),

  record: moduleProcedure("service", "write")
    .meta({
      summary:
        "Moves a planned visit on: scheduled, completed (uses one of the contract's visits), missed or cancelled; once (CONFLICT after).",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(z.object({ id, outcome: z.enum(["scheduled", "completed", "missed", "cancelled"]), completed_at: instant.optional() }))
    .output(amcVisitsRow)
    .mutation(({ ctx, input }) => service.recordAmcVisit(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("service")
    .meta({ summary: "A maintenance contract's planned visits, in sequence.", errors: ["NOT_FOUND"] })
    .input(z.object({ amc_contract_id: id }))
    .output(z.array(amcVisitsRow))
    .query(({ ctx, input }) => service.listAmcVisits(ctx.tx, input)),
});

export const serviceNotesRouter = router({
  add: moduleProcedure("service", "write")
    .meta({
      summary: "Adds a note to a request (internal unless is_internal is false), optionally about one of its visits.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        service_request_id: id,
        body: text(4000).refine((value) => value.trim().length > 0, { error: "must not be empty" }),
        is_internal: z.boolean().optional(),
        service_visit_id: id.optional(),
      }),
    )
    .output(serviceNotesRow)
    .mutation(({ ctx, input }) => service.addServiceNote(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("service")
    .meta({ summary: "A request's notes, oldest first.", errors: ["NOT_FOUND"] })
    .input(z.object({ ...page, service_request_id: id }))
    .output(pageOf(serviceNotesRow))
    .query(({ ctx, input }) => service.listServiceNotes(ctx.tx, input)),
});

export const serviceFeedbackRouter = router({
  submit: moduleProcedure("service", "write")
    .meta({
      summary:
        "Records the customer's rating (1–5) of a closed request, once per request (CONFLICT for a second, or before the request is closed).",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        service_request_id: id,
        rating: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1).max(5),
        would_recommend: z.boolean().optional(),
        comments: text(4000).optional(),
      }),
    )
    .output(serviceFeedbackRow)
    .mutation(({ ctx, input }) => service.submitServiceFeedback(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("service")
    .meta({ summary: "A request's feedback.", errors: ["NOT_FOUND"] })
    .input(z.object({ service_request_id: id }))
    .output(serviceFeedbackRow)
    .query(({ ctx, input }) => service.loadServiceFeedback(ctx.tx, input)),
});
