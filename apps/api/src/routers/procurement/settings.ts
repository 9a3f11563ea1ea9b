import { loadProcurementSettings, procurementSettings, updateProcurementSettings } from "@erp/erp";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { money } from "../../validation/fields.ts";
import { holds } from "./rights.ts";

const percent = money.refine((value) => Number(value) <= 100, { error: "must be between 0 and 100" });

export const settingsRouter = router({
  get: moduleProcedure("procurement")
    .meta({ summary: "The tenant's purchasing rules: approval threshold, quantity and price tolerances (percent)." })
    .input(z.object({}).optional())
    .output(procurementSettings)
    .query(({ ctx }) => loadProcurementSettings(ctx.tx)),

  update: moduleProcedure("procurement", "write")
    .meta({
      summary: "Changes the purchasing rules; needs procurement.approve as well (FORBIDDEN otherwise). Fields left out keep their value.",
      errors: ["FORBIDDEN", "BAD_REQUEST"],
    })
    .input(
      z.object({
        approval_threshold: money.optional(),
        quantity_tolerance_percent: percent.optional(),
        price_tolerance_percent: percent.optional(),
      }),
    )
    .output(procurementSettings)
    .mutation(({ ctx, input }) => {
      if (!holds(ctx.user, "procurement.approve")) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `Your role (${ctx.user.roles.join(", ") || "none"}) does not grant procurement.approve.`,
        });
      }
      return updateProcurementSettings(ctx.tx, input, ctx.actor);
    }),
});
