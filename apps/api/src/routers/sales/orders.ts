import { ordersColumns, ordersRow, ordersStatus } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { changeOrderStatus, type OrderAction, orderTransitions } from "../../sales/changeOrderStatus.ts";
import { createOrder, createOrderInput } from "../../sales/createOrder.ts";
import { loadOrder, orderWithLines } from "../../sales/loadOrder.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page, pageOf, text } from "../../validation/fields.ts";

function transition(action: OrderAction, summary: string) {
  return moduleProcedure("sales", "write")
    .meta({ summary, errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"] })
    .input(z.object({ id, note: text(1000).nullish() }))
    .output(orderWithLines)
    .mutation(({ ctx, input }) => changeOrderStatus(ctx.tx, input.id, action, ctx.user.id, input.note ?? null));
}

export const ordersRouter = router({
  list: moduleProcedure("sales")
    .meta({ summary: "Orders, oldest first, without lines." })
    .input(z.object({ ...page, status: ordersStatus.optional(), customer_id: id.optional() }))
    .output(pageOf(ordersRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.status) conditions.push(sql.fragment`status = ${input.status}`);
      if (input.customer_id) conditions.push(sql.fragment`customer_id = ${input.customer_id}`);
      const rows = await ctx.tx.any(sql.type(ordersRow)`
        SELECT ${ordersColumns} FROM orders WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  get: moduleProcedure("sales")
    .meta({ summary: "One order with its lines.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(orderWithLines)
    .query(({ ctx, input }) => loadOrder(ctx.tx, input.id)),

  create: moduleProcedure("sales", "write")
    .meta({
      summary:
        "Creates a draft order: prices and totals computed on the server, stock reserved per line (CONFLICT when a SKU lacks stock).",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(createOrderInput)
    .output(orderWithLines)
    .mutation(({ ctx, input }) => createOrder(ctx.tx, input, ctx.user.id)),

  confirm: transition("confirm", `Confirms a draft order (${orderTransitions.confirm.from.join(", ")} → confirmed).`),
  ship: transition("ship", "Ships a confirmed order: reserved stock leaves the warehouse (sale movements)."),
  deliver: transition("deliver", "Marks a shipped order delivered."),
  cancel: transition("cancel", "Cancels a draft or confirmed order and releases its reserved stock; `note` is the reason."),
});
