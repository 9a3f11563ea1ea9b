import { randomBytes } from "node:crypto";
import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { assertBinInWarehouse } from "./binStock.ts";
import { sumUnits } from "./decimalUnits.ts";
import { moveStock, resolveStockKey, type StockChange, type StockKey } from "./moveStock.ts";
import { postStockValue } from "./postStockValue.ts";

/**
 * The stock operations of inventory.stock and their postings (inventory journal, source: the
 * stock movement or the transfer):
 *   receipt          Dr inventory / Cr opening equity (quantity × unit cost)
 *   adjustment +/−   Dr inventory / Cr inventory adjustments, or the reverse
 *   transfer         nothing, both sides being the inventory account, unless the receiving
 *                    warehouse's rounded average changes the stock's worth: that difference (a few
 *                    ten-thousandths at most) goes to inventory adjustments
 * The inventory side is always the change of the stock rows' worth (moveStock), and any rounding
 * of the moving average goes to inventory adjustments.
 */
export type ReceiveStockInput = StockKey & {
  quantity: string;
  unit_cost: string;
  /** The bin the goods go to, in a warehouse with bins; its default put-away bin when left out (binStock.ts). */
  bin_id?: string | null | undefined;
  note?: string | null | undefined;
};

/** Books goods in at their unit cost (a `receipt` movement), creating the stock row on first receipt and moving its average. */
export async function receiveStock(tx: TenantQueries, input: ReceiveStockInput, actor: Actor): Promise<StockChange> {
  const { sku } = await resolveStockKey(tx, input);
  await assertBinInWarehouse(tx, input.bin_id, input.warehouse_id, "bin_id");
  const moved = await moveStock(
    tx,
    input,
    sku,
    { type: "receipt", change: input.quantity, unitCost: input.unit_cost, binId: input.bin_id ?? null, note: input.note },
    actor,
  );
  await postStockValue(
    tx,
    {
      description: `Receipt of ${input.quantity} × ${sku} at ${input.unit_cost}`,
      source: { type: "stock_movement", id: moved.movement_id },
      inventoryChange: moved.valueChange,
      counter: { account: "opening_equity", amount: moved.movementValue },
    },
    actor,
  );
  return { stock: moved.stock, movement_id: moved.movement_id };
}

export type AdjustStockInput = StockKey & {
  quantity_change: string;
  /** What added units cost each; the current average when left out. Removed units always leave at the average. */
  unit_cost?: string | null | undefined;
  /**
   * In a warehouse with bins: the bin added units go to, or removed ones come from (a count
   * correction of that bin); when left out, the default put-away bin or the bins with the most
   * unreserved stock first (binStock.ts).
   */
  bin_id?: string | null | undefined;
  note?: string | null | undefined;
};

/** Corrects the quantity on hand by a signed amount (an `adjustment` movement) and posts its value against inventory adjustments. */
export async function adjustStock(tx: TenantQueries, input: AdjustStockInput, actor: Actor): Promise<StockChange> {
  const { sku } = await resolveStockKey(tx, input);
  await assertBinInWarehouse(tx, input.bin_id, input.warehouse_id, "bin_id");
  const moved = await moveStock(
    tx,
    input,
    sku,
    {
      type: "adjustment",
      change: input.quantity_change,
      unitCost: input.unit_cost ?? null,
      binId: input.bin_id ?? null,
      note: input.note,
    },
    actor,
  );
  await postStockValue(
    tx,
    {
      description: `Adjustment of ${input.quantity_change} × ${sku}`,
      source: { type: "stock_movement", id: moved.movement_id },
      inventoryChange: moved.valueChange,
      counter: { account: "inventory_adjustment", amount: moved.valueChange },
    },
    actor,
  );
  return { stock: moved.stock, movement_id: moved.movement_id };
}

export type TransferStockInput = {
  product_id: string;
  product_variant_id?: string | null | undefined;
  from_warehouse_id: string;
  to_warehouse_id: string;
  quantity: string;
  /** The receiving warehouse's bin the goods go to, when it has bins; its default put-away bin when left out. */
  to_bin_id?: string | null | undefined;
  note?: string | null | undefined;
};

/**
 * Moves available stock between two warehouses at once: a received stock transfer, a
 * transfer_out movement at the source's average and a transfer_in movement at that same cost
 * (the receiving warehouse's average moves accordingly).
 */
export async function transferStock(
  tx: TenantQueries,
  input: TransferStockInput,
  actor: Actor,
): Promise<{ transfer_id: string; from: StockChange; to: StockChange }> {
  const from = { ...input, warehouse_id: input.from_warehouse_id };
  const to = { ...input, warehouse_id: input.to_warehouse_id };
  const { sku } = await resolveStockKey(tx, from);
  await resolveStockKey(tx, to);
  await assertBinInWarehouse(tx, input.to_bin_id, input.to_warehouse_id, "to_bin_id");
  const transferNumber = `TR-${Date.now().toString(36).toUpperCase()}-${randomBytes(3).toString("hex").toUpperCase()}`;
  const transferId = await tx.oneFirst(sql.type(z.object({ id: z.uuid() }))`
    WITH transfer AS (
      INSERT INTO stock_transfers (transfer_number, from_warehouse_id, to_warehouse_id, status, shipped_at, received_at, note,
        requested_by, received_by)
      VALUES (${transferNumber}, ${input.from_warehouse_id}, ${input.to_warehouse_id}, 'received', now(), now(), ${input.note ?? null},
        ${actor.userId}::uuid, ${actor.userId}::uuid)
      RETURNING id
    ), item AS (
      INSERT INTO stock_transfer_items (stock_transfer_id, product_id, product_variant_id, quantity, quantity_shipped, quantity_received)
      SELECT id, ${input.product_id}, ${input.product_variant_id ?? null}::uuid, ${input.quantity}, ${input.quantity}, ${input.quantity}
      FROM transfer
    )
    SELECT id FROM transfer`);
  // Both stock rows locked in warehouse order first, so opposite transfers of one product queue instead of deadlocking.
  await tx.query(sql.unsafe`
    SELECT 1 FROM inventory
    WHERE product_id = ${input.product_id} AND product_variant_id IS NOT DISTINCT FROM ${input.product_variant_id ?? null}::uuid
      AND warehouse_id IN (${input.from_warehouse_id}, ${input.to_warehouse_id})
    ORDER BY warehouse_id FOR UPDATE`);
  const reference = { type: "stock_transfer", id: transferId };
  const taken = await moveStock(tx, from, sku, { type: "transfer_out", change: `-${input.quantity}`, note: input.note, reference }, actor);
  const placed = await moveStock(
    tx,
    to,
    sku,
    {
      type: "transfer_in",
      change: input.quantity,
      unitCost: taken.unitCost,
      binId: input.to_bin_id ?? null,
      note: input.note,
      reference,
    },
    actor,
  );
  const worthChange = sumUnits([taken.valueChange, placed.valueChange]);
  await postStockValue(
    tx,
    {
      description: `Transfer ${transferNumber} of ${input.quantity} × ${sku}: moving-average rounding`,
      reference: transferNumber,
      source: reference,
      inventoryChange: worthChange,
      counter: { account: "inventory_adjustment", amount: worthChange },
    },
    actor,
  );
  await recordAudit(tx, actor, {
    action: "create",
    entity: "stock_transfers",
    entityId: transferId,
    after: { transfer_number: transferNumber, quantity: input.quantity, unit_cost: taken.unitCost, status: "received" },
  });
  return {
    transfer_id: transferId,
    from: { stock: taken.stock, movement_id: taken.movement_id },
    to: { stock: placed.stock, movement_id: placed.movement_id },
  };
}
