import { salesTargetsInsert, salesTargetsRow, salesTargetsStatus } from "@erp/db-types";
import { loadSalesTargetProgress, salesTargetProgress } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { code, date, id, money, name, quantity } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(salesTargetsInsert, {
  code,
  name,
  period_start: date,
  period_end: date,
  channel_id: id,
  category_id: id,
  dealer_id: id,
  user_id: id,
  target_revenue: money,
  target_units: quantity,
  status: true,
});

/**
 * Sales targets (revenue and units for a period, scoped to a channel, category, dealer or sales
 * user, all optional) and their progress: what was sold in the period and scope, from the orders.
 * `archive` closes one.
 */
export const salesTargetsRouter = router({
  ...createCrudProcedures({
    module: "analytics",
    table: "sales_targets",
    entity: "sales target",
    row: salesTargetsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: salesTargetsStatus.optional(), channel_id: id.optional(), category_id: id.optional() },
    search: ["code", "name"],
    archiveStatus: "closed",
  }),

  progress: moduleProcedure("analytics")
    .meta({
      summary:
        "A sales target next to what was sold in its period and scope (orders not cancelled, net of discounts, before tax and shipping): revenue, units, orders and the share of each target reached.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ id }))
    .output(salesTargetProgress)
    .query(({ ctx, input }) => loadSalesTargetProgress(ctx.tx, input.id)),
});
