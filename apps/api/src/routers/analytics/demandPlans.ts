import { demandPlansRow, demandPlansStatus } from "@erp/db-types";
import { planning } from "@erp/erp";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, name, page, pageOf } from "../../validation/fields.ts";

export const demandPlansRouter = router({
  create: moduleProcedure("analytics", "write")
    .meta({
      summary:
        "A draft demand plan from a forecast: per product, suggested purchase = max(0, ⌈planned + safety stock − available stock − open purchase orders⌉), planned = the forecast (or the applied scenario's projection of it), with the preferred vendor.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ forecast_id: id, name: name.optional(), warehouse_id: id.optional(), scenario_id: id.optional() }))
    .output(planning.demandPlanWithLines)
    .mutation(({ ctx, input }) => planning.createDemandPlan(ctx.tx, input, ctx.actor)),

  approve: moduleProcedure("analytics", "write")
    .meta({
      summary:
        "Approves a draft demand plan (draft → approved) and creates draft purchase orders for its suggestions, one per preferred vendor, into the plan's warehouse. Needs procurement.write as well.",
      errors: ["NOT_FOUND", "CONFLICT", "FORBIDDEN"],
    })
    .input(z.object({ id }))
    .output(planning.approvedDemandPlan)
    .mutation(({ ctx, input }) => {
      if (!ctx.user.permissions.includes("procurement.write")) {
        throw new TRPCError({ code: "FORBIDDEN", message: "Approving a demand plan creates purchase orders: it needs procurement.write." });
      }
      return planning.approveDemandPlan(ctx.tx, input, ctx.actor);
    }),

  archive: moduleProcedure("analytics", "write")
    .meta({ summary: "Archives a draft demand plan (draft → archived): it will not be ordered.", errors: ["NOT_FOUND", "CONFLICT"] })
    .input(z.object({ id }))
    .output(planning.demandPlanWithLines)
    .mutation(({ ctx, input }) => planning.archiveDemandPlan(ctx.tx, input, ctx.actor)),

  get: moduleProcedure("analytics")
    .meta({
      summary: "One demand plan with its lines (forecast, planned, available, on order, safety stock, suggested).",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id }))
    .output(planning.demandPlanWithLines)
    .query(({ ctx, input }) => planning.loadDemandPlan(ctx.tx, input.id)),

  list: moduleProcedure("analytics")
    .meta({ summary: "Demand plans, oldest first, without lines; optionally in one status." })
    .input(z.object({ ...page, status: demandPlansStatus.optional() }))
    .output(pageOf(demandPlansRow))
    .query(({ ctx, input }) => planning.listDemandPlans(ctx.tx, input)),
});
