import { randomBytes } from "node:crypto";
import { ConflictError, NotFoundError, type TenantQueries } from "@erp/db";
import { inventoryColumns, inventoryRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

/** A stock row's identity: product (and variant) in a warehouse. */
export type StockKey = { product_id: string; product_variant_id?: string | undefined; warehouse_id: string };

export type Movement = {
  type: "receipt" | "adjustment" | "transfer_in" | "transfer_out";
  /** Signed change of quantity on hand. */
  change: string;
  unitCost?: string | null;
  note?: string | null;
  reference?: { type: string; id: string };
};

/** The stock row after a change, and the movement that recorded it. */
export const stockChange = z.object({ stock: inventoryRow, movement_id: z.uuid() });
export type StockChange = z.infer<typeof stockChange>;
const changedRow = inventoryRow.extend({ movement_id: z.uuid() });

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
 * Changes the quantity on hand of one stock row and writes its movement, in one statement.
 * Stock never goes below what is reserved (nor below zero): such a change answers CONFLICT,
 * and the CHECK constraints of `inventory` refuse it again in the database.
 */
export async function moveStock(tx: TenantQueries, key: StockKey, sku: string, movement: Movement, userId: string): Promise<StockChange> {
  const variantId = key.product_variant_id ?? null;
  const increase = !movement.change.startsWith("-");
  const changed: FragmentSqlToken = increase
    ? sql.fragment`
        INSERT INTO inventory AS i (product_id, product_variant_id, warehouse_id, quantity_on_hand, last_movement_at)
        VALUES (${key.product_id}, ${variantId}, ${key.warehouse_id}, ${movement.change}::numeric, now())
        ON CONFLICT ON CONSTRAINT inventory_product_variant_warehouse_key DO UPDATE
        SET quantity_on_hand = i.quantity_on_hand + excluded.quantity_on_hand, last_movement_at = now(), updated_at = now()
        RETURNING ${inventoryColumns}`
    : sql.fragment`
        UPDATE inventory SET quantity_on_hand = quantity_on_hand + ${movement.change}::numeric, last_movement_at = now(), updated_at = now()
        WHERE product_id = ${key.product_id} AND product_variant_id IS NOT DISTINCT FROM ${variantId}::uuid AND warehouse_id = ${key.warehouse_id}
          AND quantity_on_hand + ${movement.change}::numeric >= quantity_reserved
        RETURNING ${inventoryColumns}`;
  const result = await tx.maybeOne(sql.type(changedRow)`
    WITH changed AS (${changed}), moved AS (
      INSERT INTO stock_movements (product_id, product_variant_id, warehouse_id, movement_type, quantity, unit_cost, reference_type, reference_id, note, created_by)
      SELECT product_id, product_variant_id, warehouse_id, ${movement.type}, ${movement.change}::numeric, ${movement.unitCost ?? null}::numeric,
        ${movement.reference?.type ?? null}, ${movement.reference?.id ?? null}::uuid, ${movement.note ?? null}, ${userId}
      FROM changed
      RETURNING id
    )
    SELECT changed.*, moved.id AS movement_id FROM changed, moved`);
  if (!result)
    throw new ConflictError(
      `Cannot take ${movement.change.slice(1)}: insufficient stock for SKU ${sku} in the warehouse (reserved stock stays).`,
    );
  const { movement_id, ...stock } = result;
  return { stock, movement_id };
}

/** TR-<time base36>-<6 hex>. */
export function transferNumber(): string {
  return `TR-${Date.now().toString(36).toUpperCase()}-${randomBytes(3).toString("hex").toUpperCase()}`;
}
