import { inventoryColumns, inventoryRow, stockMovementsColumns, stockMovementsMovementType, stockMovementsRow } from "@erp/db-types";
import { adjustStock, receiveStock, stockChange, transferStock } from "@erp/erp";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, money, page, pageOf, quantity, quantityChange, text } from "../../validation/fields.ts";

const stockKey = { product_id: id, product_variant_id: id.optional(), warehouse_id: id };
const stockErrors = ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"] as const;

export const stockRouter = router({
  levels: moduleProcedure("inventory")
    .meta({
      summary: "Stock levels (on hand, reserved, available) per product and warehouse; `low` keeps rows at or below their reorder point.",
    })
    .input(z.object({ ...page, warehouse_id: id.optional(), product_id: id.optional(), low: z.boolean().optional() }))
    .output(pageOf(inventoryRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.warehouse_id) conditions.push(sql.fragment`warehouse_id = ${input.warehouse_id}`);
      if (input.product_id) conditions.push(sql.fragment`product_id = ${input.product_id}`);
      if (input.low) conditions.push(sql.fragment`quantity_available <= reorder_point`);
      const rows = await ctx.tx.any(sql.type(inventoryRow)`
        SELECT ${inventoryColumns} FROM inventory WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  movements: moduleProcedure("inventory")
    .meta({ summary: "The stock ledger, oldest first." })
    .input(
      z.object({
        ...page,
        warehouse_id: id.optional(),
        product_id: id.optional(),
        movement_type: stockMovementsMovementType.optional(),
      }),
    )
    .output(pageOf(stockMovementsRow))
    .query(async ({ ctx, input }) => {
      const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
      if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
      if (input.warehouse_id) conditions.push(sql.fragment`warehouse_id = ${input.warehouse_id}`);
      if (input.product_id) conditions.push(sql.fragment`product_id = ${input.product_id}`);
      if (input.movement_type) conditions.push(sql.fragment`movement_type = ${input.movement_type}`);
      const rows = await ctx.tx.any(sql.type(stockMovementsRow)`
        SELECT ${stockMovementsColumns} FROM stock_movements WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  adjust: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Corrects the quantity on hand by a signed amount (an `adjustment` movement); it never goes below what is reserved. In a warehouse with bins, `bin_id` names the bin corrected (else the default put-away bin for added units, the bins with the most unreserved stock for removed ones). Added units enter at `unit_cost` (the current average when left out), removed ones leave at the average; the value is posted against inventory adjustments.",
      errors: [...stockErrors],
    })
    .input(
      z.object({
        ...stockKey,
        quantity_change: quantityChange,
        unit_cost: money.optional(),
        bin_id: id.nullish(),
        note: text(1000).nullish(),
      }),
    )
    .output(stockChange)
    .mutation(({ ctx, input }) => adjustStock(ctx.tx, input, ctx.actor)),

  receive: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Books goods in at `unit_cost` (a `receipt` movement), creating the stock row on first receipt (in a warehouse with bins, into `bin_id` or else the bin already holding the item, else its first bin by code); the moving average becomes (on hand × average + quantity × unit_cost) / (on hand + quantity), and the value is posted Dr inventory / Cr opening equity.",
      errors: ["NOT_FOUND", "BAD_REQUEST"],
    })
    .input(z.object({ ...stockKey, quantity, unit_cost: money, bin_id: id.nullish(), note: text(1000).nullish() }))
    .output(stockChange)
    .mutation(({ ctx, input }) => receiveStock(ctx.tx, input, ctx.actor)),

  transfer: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Moves available stock between two warehouses at once at the source's average cost: a received stock transfer with transfer_out and transfer_in movements. In a receiving warehouse with bins the goods go to `to_bin_id`, else its default put-away bin.",
      errors: [...stockErrors],
    })
    .input(
      z
        .object({
          product_id: id,
          product_variant_id: id.optional(),
          from_warehouse_id: id,
          to_warehouse_id: id,
          quantity,
          to_bin_id: id.nullish(),
          note: text(1000).nullish(),
        })
        .refine((value) => value.from_warehouse_id !== value.to_warehouse_id, {
          error: "must differ from from_warehouse_id",
          path: ["to_warehouse_id"],
        }),
    )
    .output(z.object({ transfer_id: z.uuid(), from: stockChange, to: stockChange }))
    .mutation(({ ctx, input }) => transferStock(ctx.tx, input, ctx.actor)),
});
