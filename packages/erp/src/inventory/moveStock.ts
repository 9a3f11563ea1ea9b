import { ConflictError, NotFoundError, type TenantQueries } from "@erp/db";
import { inventoryRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { keepBinStock } from "./binStock.ts";

/**
 * Stock valuation: moving average per product (variant) and warehouse.
 *
 * A stock row is worth `round(quantity_on_hand × average_cost, 4)`, and that is what the books
 * hold: every movement changes the inventory account by exactly the change of its row's worth
 * (`valueChange` below), computed under the row's lock. So, summed over rows, the inventory
 * account equals Σ round(on hand × average cost, 4) exactly, at every commit; with whole
 * quantities (or any quantity whose product with the average has ≤ 4 decimals) that is
 * Σ on hand × average cost to the last digit, otherwise within 0.00005 per stock row.
 *
 * Incoming units enter at their unit cost: the new average is (worth + quantity × cost) / (on hand
 * + quantity), rounded to 4 decimals. The rounding makes the row's new worth differ from
 * worth + quantity × cost by at most 0.00005 × on hand; callers post that difference to inventory
 * adjustments (so the counter account gets quantity × cost, and the inventory account the worth).
 * Outgoing units leave at the average; their value is the worth's change (within 0.0001 of
 * quantity × average). An empty row is worth 0, so no value stays behind when stock runs out.
 */
export type StockKey = { product_id: string; product_variant_id?: string | null | undefined; warehouse_id: string };

export type Movement = {
  type: "receipt" | "adjustment" | "transfer_in" | "transfer_out" | "sale" | "return" | "issue";
  /** Signed change of quantity on hand (decimal text). */
  change: string;
  /** What incoming units cost each; the current average when left out. Outgoing units always leave at the average. */
  unitCost?: string | null;
  /** How much of the row's reservation the movement consumes (a shipment of reserved stock). */
  releaseReserved?: string;
  note?: string | null;
  /**
   * The bin incoming goods go to (or outgoing ones come from) in a warehouse with bins; the
   * put-away / picking order of binStock.ts when left out. Validate it first (assertBinInWarehouse).
   */
  binId?: string | null;
  reference?: { type: string; id: string } | null;
};

/** The stock row after a change, and the movement that recorded it. */
export const stockChange = z.object({ stock: inventoryRow, movement_id: z.uuid() });
export type StockChange = z.infer<typeof stockChange>;

/** A stock change with its valuation: the unit cost the movement recorded and the change of the row's worth. */
export type ValuedStockChange = StockChange & {
  unitCost: string;
  /** round(on hand × average, 4) after minus before: what the inventory account moves by. */
  valueChange: string;
  /** quantity × unit cost of the movement, rounded to 4: what the counter account moves by. */
  movementValue: string;
};

const locked = z.object({ id: z.uuid(), onHand: z.string(), averageCost: z.string() });
const changedRow = inventoryRow.extend({
  binned: z.boolean(),
  movement_id: z.uuid(),
  movement_unit_cost: z.string(),
  value_change: z.string(),
  movement_value: z.string(),
});

/** The SKU of a product (or its variant), checking that the variant is the product's and the warehouse exists. */
export async function resolveStockKey(tx: TenantQueries, key: StockKey): Promise<{ sku: string }> {
  const found = await tx.maybeOne(sql.type(z.object({ sku: z.string().nullable(), warehouse: z.boolean() }))`
    SELECT (
      SELECT COALESCE(v.sku, p.sku) FROM products p
      LEFT JOIN product_variants v ON v.id = ${key.product_variant_id ?? null}::uuid AND v.product_id = p.id
      WHERE p.id = ${key.product_id} AND (${key.product_variant_id ?? null}::uuid IS NULL OR v.id IS NOT NULL)
    ) AS sku,
    EXISTS (SELECT 1 FROM warehouses WHERE id = ${key.warehouse_id}) AS warehouse`);
  if (!found?.sku) {
    throw new NotFoundError(
      key.product_variant_id
        ? `No variant ${key.product_variant_id} of product ${key.product_id}.`
        : `No product has the id ${key.product_id}.`,
    );
  }
  if (!found.warehouse) throw new NotFoundError(`No warehouse has the id ${key.warehouse_id}.`);
  return { sku: found.sku };
}

/**
 * Changes the quantity on hand (and the average cost, for incoming units) of one stock row and
 * writes its movement at cost. The row is locked first, so concurrent movements of the same stock
 * queue and each values itself against the row as the previous one left it. Stock never goes
 * below what stays reserved (nor below zero): such a change answers CONFLICT, and the CHECK
 * constraints of `inventory` refuse it again in the database.
 */
export async function moveStock(
  tx: TenantQueries,
  key: StockKey,
  sku: string,
  movement: Movement,
  actor: Actor,
): Promise<ValuedStockChange> {
  const variantId = key.product_variant_id ?? null;
  const release = movement.releaseReserved ?? "0";
  const result = movement.change.startsWith("-")
    ? await takeOut(tx, key, movement, release, actor)
    : await bringIn(tx, key, movement, release, actor);
  if (!result) {
    throw new ConflictError(
      `Cannot take ${movement.change.replace(/^-/, "")}: insufficient stock for SKU ${sku} in the warehouse (reserved stock stays).`,
    );
  }
  // In a warehouse with bins, the bins follow the stock level under the row's lock.
  if (result.binned) {
    await keepBinStock(
      tx,
      { ...key, product_variant_id: variantId },
      {
        change: movement.change,
        reservedChange: release.startsWith("-") || !/[1-9]/.test(release) ? "0" : `-${release}`,
        binId: movement.binId ?? null,
        sku,
      },
    );
  }
  const { movement_id, movement_unit_cost, value_change, movement_value, binned: _binned, ...stock } = result;
  return { stock, movement_id, unitCost: movement_unit_cost, valueChange: value_change, movementValue: movement_value };
}

/** The movement's row, written in the statement that changed the stock row (`changed`). */
const movementOf = (movement: Movement, actor: Actor, change: string) => sql.fragment`
  INSERT INTO stock_movements (product_id, product_variant_id, warehouse_id, movement_type, quantity, unit_cost, reference_type,
    reference_id, note, created_by)
  SELECT changed.product_id, changed.product_variant_id, changed.warehouse_id, ${movement.type}, ${change}::numeric, changed.unit_cost,
    ${movement.reference?.type ?? null}, ${movement.reference?.id ?? null}::uuid, ${movement.note ?? null}, ${actor.userId}::uuid`;
/** Whether the changed row's warehouse keeps bin stock (has a bin), so its bins must follow. */
const binnedOf = sql.fragment`EXISTS (SELECT 1 FROM bins b JOIN zones z ON z.id = b.zone_id WHERE z.warehouse_id = changed.warehouse_id)`;

/**
 * Outgoing units, in ONE statement (a shipment holds the row's lock from here to commit, so every
 * statement counts): the UPDATE locks the row and re-checks its condition on the newest version,
 * and RETURNING old.* gives the quantity before, so units leave at the average the row has under
 * the lock. No row when the stock (or its unreserved part) does not cover the change.
 */
async function takeOut(tx: TenantQueries, key: StockKey, movement: Movement, release: string, actor: Actor) {
  return tx.maybeOne(sql.type(changedRow)`
    WITH changed AS (
      UPDATE inventory i SET quantity_on_hand = i.quantity_on_hand + ${movement.change}::numeric,
        quantity_reserved = i.quantity_reserved - ${release}::numeric, last_movement_at = now(), updated_at = now()
      WHERE i.product_id = ${key.product_id} AND i.product_variant_id IS NOT DISTINCT FROM ${key.product_variant_id ?? null}::uuid
        AND i.warehouse_id = ${key.warehouse_id}
        AND i.quantity_on_hand + ${movement.change}::numeric >= i.quantity_reserved - ${release}::numeric
        AND i.quantity_reserved >= ${release}::numeric
      RETURNING i.*, old.quantity_on_hand AS old_on_hand, i.average_cost AS unit_cost
    ), moved AS (
      ${movementOf(movement, actor, movement.change)} FROM changed
      RETURNING id
    )
    SELECT changed.*, moved.id AS movement_id, changed.unit_cost::text AS movement_unit_cost,
      (round(changed.quantity_on_hand * changed.average_cost, 4) - round(changed.old_on_hand * changed.average_cost, 4))::text AS value_change,
      round(${movement.change}::numeric * changed.average_cost, 4)::text AS movement_value, ${binnedOf} AS binned
    FROM changed, moved`);
}

/**
 * Incoming units: the row is created if need be and locked, then valued against the row as the
 * previous movement left it (new average = (worth + quantity × cost) / (on hand + quantity)).
 */
async function bringIn(tx: TenantQueries, key: StockKey, movement: Movement, release: string, actor: Actor) {
  const row = await tx.one(sql.type(locked)`
    INSERT INTO inventory AS i (product_id, product_variant_id, warehouse_id)
    VALUES (${key.product_id}, ${key.product_variant_id ?? null}, ${key.warehouse_id})
    ON CONFLICT ON CONSTRAINT inventory_product_variant_warehouse_key DO UPDATE SET updated_at = i.updated_at
    RETURNING id, quantity_on_hand::text AS "onHand", average_cost::text AS "averageCost"`);
  return tx.maybeOne(sql.type(changedRow)`
    WITH c AS (
      SELECT ${movement.change}::numeric AS change, ${release}::numeric AS release,
        ${row.onHand}::numeric AS old_on_hand, ${row.averageCost}::numeric AS old_average,
        round(${row.onHand}::numeric * ${row.averageCost}::numeric, 4) AS old_worth,
        CASE WHEN ${movement.change}::numeric > 0 THEN coalesce(${movement.unitCost ?? null}::numeric, ${row.averageCost}::numeric)
          ELSE ${row.averageCost}::numeric END AS unit_cost
    ), valued AS (
      SELECT c.*, c.old_on_hand + c.change AS new_on_hand,
        CASE WHEN c.change > 0 THEN round((c.old_worth + c.change * c.unit_cost) / (c.old_on_hand + c.change), 4)
          ELSE c.old_average END AS new_average
      FROM c
    ), changed AS (
      UPDATE inventory i SET quantity_on_hand = v.new_on_hand, quantity_reserved = i.quantity_reserved - v.release,
        average_cost = v.new_average, last_movement_at = now(), updated_at = now()
      FROM valued v
      WHERE i.id = ${row.id} AND v.new_on_hand >= i.quantity_reserved - v.release AND i.quantity_reserved >= v.release
      RETURNING i.*, v.unit_cost
    ), moved AS (
      ${movementOf(movement, actor, movement.change)} FROM changed
      RETURNING id
    )
    SELECT changed.*, moved.id AS movement_id, v.unit_cost::text AS movement_unit_cost,
      (round(v.new_on_hand * v.new_average, 4) - v.old_worth)::text AS value_change,
      round(v.change * v.unit_cost, 4)::text AS movement_value, ${binnedOf} AS binned
    FROM changed, moved, valued v`);
}
