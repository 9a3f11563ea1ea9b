import { servicePartsUsedRow, serviceVisitsRow } from "@erp/db-types";
import { service } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { decimal, id, page, pageOf, quantity, text } from "../../validation/fields.ts";

export const serviceVisitsRouter = router({
  list: moduleProcedure("service")
    .meta({ summary: "Visits, oldest first; filter by request or technician." })
    .input(z.object({ ...page, service_request_id: id.optional(), technician_id: id.optional() }))
    .output(pageOf(serviceVisitsRow))
    .query(({ ctx, input }) => service.listVisits(ctx.tx, input)),

  complete: moduleProcedure("service", "write")
    .meta({
      summary: "Records a visit of a request in progress as done; under a maintenance contract it uses one of the contract's visits.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        visit_id: id,
        labor_minutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60),
        work_summary: text(4000),
        travel_km: decimal.optional(),
      }),
    )
    .output(serviceVisitsRow)
    .mutation(({ ctx, input }) => service.completeVisit(ctx.tx, input, ctx.actor)),

  usePart: moduleProcedure("service", "write")
    .meta({
      summary:
        "Issues a part on a visit: out of stock at moving-average cost, posted Dr cost of goods sold / Cr inventory; billable on a paid job.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        visit_id: id,
        product_id: id,
        product_variant_id: id.optional(),
        warehouse_id: id.optional(),
        quantity,
        unit_price: decimal.optional(),
        serial_number: text(100).optional(),
      }),
    )
    .output(servicePartsUsedRow)
    .mutation(({ ctx, input }) => service.usePart(ctx.tx, input, ctx.actor)),
});
