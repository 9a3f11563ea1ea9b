import {
  serviceRequestStatusHistoryRow,
  serviceRequestsPriority,
  serviceRequestsRow,
  serviceRequestsSource,
  serviceRequestsStatus,
} from "@erp/db-types";
import { invoiceWithLines, service } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, instant, money, name, page, pageOf, text } from "../../validation/fields.ts";

const window = { scheduled_start: instant, scheduled_end: instant };

export const serviceRequestsRouter = router({
  create: moduleProcedure("service", "write")
    .meta({
      summary: "Opens a service request; its priority's SLA policy sets the response and resolution due times.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        customer_id: id,
        category_id: id,
        customer_address_id: id.optional(),
        product_id: id.optional(),
        order_id: id.optional(),
        serial_number: text(100).optional(),
        priority: serviceRequestsPriority.optional(),
        source: serviceRequestsSource.optional(),
        subject: name,
        description: text(4000),
        reported_at: instant.optional(),
      }),
    )
    .output(serviceRequestsRow)
    .mutation(({ ctx, input }) => service.createServiceRequest(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("service")
    .meta({ summary: "One service request, with its SLA breach flag as of now.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(serviceRequestsRow)
    .query(({ ctx, input }) => service.loadServiceRequest(ctx.tx, input.id)),

  list: moduleProcedure("service")
    .meta({ summary: "Service requests, oldest first; filter by status, customer or SLA breach." })
    .input(
      z.object({ ...page, status: serviceRequestsStatus.optional(), customer_id: id.optional(), sla_breached: z.boolean().optional() }),
    )
    .output(pageOf(serviceRequestsRow))
    .query(({ ctx, input }) => service.listServiceRequests(ctx.tx, input)),

  history: moduleProcedure("service")
    .meta({ summary: "Every status the request took, oldest first.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(z.array(serviceRequestStatusHistoryRow))
    .query(({ ctx, input }) => service.serviceRequestHistory(ctx.tx, input.id)),

  transition: moduleProcedure("service", "write")
    .meta({
      summary:
        "Moves a request: start (assigned → in progress), hold, resume, resolve (with its resolution), close, reopen (within 14 days of the resolution), cancel, unassign.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        id,
        action: z.enum(["start", "hold", "resume", "resolve", "close", "reopen", "cancel", "unassign"]),
        reason: text(500).optional(),
        resolution: text(4000).optional(),
        resolved_at: instant.optional(),
      }),
    )
    .output(serviceRequestsRow)
    .mutation(({ ctx, input }) => service.changeServiceRequestStatus(ctx.tx, input, ctx.actor)),

  assign: moduleProcedure("service", "write")
    .meta({
      summary:
        "Assigns an open request to an active technician and books the visit; a technician is never booked twice at once (CONFLICT).",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ service_request_id: id, technician_id: id, ...window, is_remote: z.boolean().optional() }))
    .output(service.assignment)
    .mutation(({ ctx, input }) => service.assignTechnician(ctx.tx, input, ctx.actor)),

  suggestTechnicians: moduleProcedure("service")
    .meta({
      summary: "Active technicians free for the window, by skill and territory (home warehouse), best first.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(
      z.object({
        service_request_id: id,
        ...window,
        skill: text(100).optional(),
        warehouse_id: id.optional(),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .output(z.array(service.technicianSuggestion))
    .query(({ ctx, input }) => service.suggestTechnicians(ctx.tx, input)),

  claimCoverage: moduleProcedure("service", "write")
    .meta({
      summary:
        "Decides who pays: an active maintenance contract, else the product's warranty from the order's delivery (a warranty claim), else refused in one sentence or kept as a paid job (convert_to_paid).",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(z.object({ service_request_id: id, convert_to_paid: z.boolean().optional(), amount: money.optional() }))
    .output(service.coverageOutcome)
    .mutation(({ ctx, input }) => service.claimCoverage(ctx.tx, input, ctx.actor)),

  flagSlaBreaches: moduleProcedure("service", "write")
    .meta({ summary: "Flags every unresolved request past its resolution due time as an SLA breach." })
    .input(z.object({}))
    .output(z.object({ flagged: z.number() }))
    .mutation(({ ctx }) => service.flagSlaBreaches(ctx.tx, ctx.actor)),

  invoice: moduleProcedure("service", "write")
    .meta({
      summary:
        "Invoices a resolved paid job on the sales ledger (labor per visit, billable parts): a tax invoice without an order; posts Dr receivable / Cr revenue, tax payable.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(z.object({ service_request_id: id }))
    .output(invoiceWithLines)
    .mutation(({ ctx, input }) => service.invoiceServiceJob(ctx.tx, input, ctx.actor)),
});
