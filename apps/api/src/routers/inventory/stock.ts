import { inventoryColumns, inventoryRow, stockMovementsColumns, stockMovementsMovementType, stockMovementsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { moveStock, resolveStockKey, stockChange, transferNumber } from "../../inventory/moveStock.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, money, page, pageOf, quantity, quantityChange, text } from "../../validation/fields.ts";

const stockKey = { product_id: id, product_variant_id: id.optional(), warehouse_id: id };
const stockErrors = ["NOT_FOUND", "CONFLICT"] as const;

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
      summary: "Corrects the quantity on hand by a signed amount (an `adjustment` movement); it never goes below what is reserved.",
      errors: [...stockErrors],
    })
    .input(z.object({ ...stockKey, quantity_change: quantityChange, note: text(1000).nullish() }))
    .output(stockChange)
    .mutation(async ({ ctx, input }) => {
      const { sku } = await resolveStockKey(ctx.tx, input);
      return moveStock(ctx.tx, input, sku, { type: "adjustment", change: input.quantity_change, note: input.note }, ctx.user.id);
    }),

  receive: moduleProcedure("inventory", "write")
    .meta({ summary: "Books goods in (a `receipt` movement), creating the stock row on first receipt.", errors: ["NOT_FOUND"] })
    .input(z.object({ ...stockKey, quantity, unit_cost: money.nullish(), note: text(1000).nullish() }))
    .output(stockChange)
    .mutation(async ({ ctx, input }) => {
      const { sku } = await resolveStockKey(ctx.tx, input);
      return moveStock(
        ctx.tx,
        input,
        sku,
        { type: "receipt", change: input.quantity, unitCost: input.unit_cost, note: input.note },
        ctx.user.id,
      );
    }),

  transfer: moduleProcedure("inventory", "write")
    .meta({
      summary:
        "Moves available stock between two warehouses at once: a received stock transfer with transfer_out and transfer_in movements.",
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
          note: text(1000).nullish(),
        })
        .refine((value) => value.from_warehouse_id !== value.to_warehouse_id, {
          error: "must differ from from_warehouse_id",
          path: ["to_warehouse_id"],
        }),
    )
    .output(z.object({ transfer_id: z.uuid(), from: stockChange, to: stockChange }))
    .mutation(async ({ ctx, input }) => {
      const from = { ...input, warehouse_id: input.from_warehouse_id };
      const to = { ...input, warehouse_id: input.to_warehouse_id };
      const { sku } = await resolveStockKey(ctx.tx, from);
      await resolveStockKey(ctx.tx, to);
      const transferId = await ctx.tx.oneFirst(sql.type(z.object({ id }))`
        WITH transfer AS (
          INSERT INTO stock_transfers (transfer_number, from_warehouse_id, to_warehouse_id, status, shipped_at, received_at, note,
            requested_by, received_by)
          VALUES (${transferNumber()}, ${input.from_warehouse_id}, ${input.to_warehouse_id}, 'received', now(), now(), ${input.note ?? null},
            ${ctx.user.id}, ${ctx.user.id})
          RETURNING id
        ), item AS (
          INSERT INTO stock_transfer_items (stock_transfer_id, product_id, product_variant_id, quantity, quantity_shipped, quantity_received)
          SELECT id, ${input.product_id}, ${input.product_variant_id ?? null}::uuid, ${input.quantity}, ${input.quantity}, ${input.quantity}
          FROM transfer
        )
        SELECT id FROM transfer`);
      const reference = { type: "stock_transfer", id: transferId };
      const taken = await moveStock(
        ctx.tx,
        from,
        sku,
        { type: "transfer_out", change: `-${input.quantity}`, note: input.note, reference },
        ctx.user.id,
      );
      const placed = await moveStock(
        ctx.tx,
        to,
        sku,
        { type: "transfer_in", change: input.quantity, note: input.note, reference },
        ctx.user.id,
      );
      return { transfer_id: transferId, from: taken, to: placed };
    }),
});
