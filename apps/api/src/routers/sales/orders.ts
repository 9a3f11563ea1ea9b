import { ordersColumns, ordersRow, ordersSource, ordersStatus } from "@erp/db-types";
import { changeOrderStatus, createOrder, loadOrder, type OrderAction, orderTransitions, orderWithLines } from "@erp/erp";
import { TRPCError } from "@trpc/server";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { currency, id, money, page, pageOf, quantity, text } from "../../validation/fields.ts";

const line = z
  .object({ product_id: id.optional(), product_variant_id: id.optional(), quantity })
  .refine((value) => value.product_id || value.product_variant_id, { error: "needs product_id or product_variant_id" });

export const createOrderInput = z.object({
  customer_id: id,
  /** Where stock is reserved; the default warehouse when left out. */
  warehouse_id: id.optional(),
  /** Prices come from this price list (or the customer's), else from the variant or product. */
  price_list_id: id.optional(),
  billing_address_id: id.optional(),
  shipping_address_id: id.optional(),
  source: ordersSource.optional(),
  currency: currency.optional(),
  shipping_total: money.optional(),
  customer_note: text(5000).nullish(),
  lines: z.array(line).min(1, { error: "must have at least one line" }).max(200, { error: "must have at most 200 lines" }),
});

function transition(action: Exclude<OrderAction, "confirm">, summary: string) {
  return moduleProcedure("sales", "write")
    .meta({ summary, errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"] })
    .input(z.object({ id, note: text(1000).nullish() }))
    .output(orderWithLines)
    .mutation(({ ctx, input }) => changeOrderStatus(ctx.tx, input.id, { action, note: input.note }, ctx.actor));
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
    .mutation(({ ctx, input }) => createOrder(ctx.tx, input, ctx.actor)),

  confirm: moduleProcedure("sales", "write")
    .meta({
      summary: `Confirms a draft order (${orderTransitions.confirm.from.join(", ")} → confirmed). Over the customer's credit limit it is BAD_REQUEST, unless \`override_credit\` and the user holds sales.override (recorded as a credit_override audit row).`,
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT", "FORBIDDEN"],
    })
    .input(z.object({ id, note: text(1000).nullish(), override_credit: z.boolean().optional() }))
    .output(orderWithLines)
    .mutation(({ ctx, input }) => {
      if (input.override_credit && !ctx.user.permissions.includes("sales.override")) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `override_credit: your role (${ctx.user.roles.join(", ") || "none"}) does not grant sales.override.`,
        });
      }
      return changeOrderStatus(
        ctx.tx,
        input.id,
        { action: "confirm", note: input.note, overrideCredit: input.override_credit === true },
        ctx.actor,
      );
    }),
  ship: transition(
    "ship",
    "Ships everything not yet shipped of a confirmed or partially shipped order as one shipment (see sales.shipments.create).",
  ),
  deliver: transition("deliver", "Marks a fully shipped order delivered."),
  cancel: transition(
    "cancel",
    "Cancels a draft or confirmed order and releases its reserved stock; `note` is the reason. A partially shipped order cannot be cancelled.",
  ),
});
