import { ConflictError, InvalidInputError, type TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { formatUnits, toUnits } from "./decimalUnits.ts";
import type { StockKey } from "./moveStock.ts";

/**
 * Bin stock (`stock_items`) next to the stock levels (`inventory`).
 *
 * Bins are optional per warehouse. A warehouse without bins keeps its stock in `inventory` only
 * (any `stock_items` rows it has are not kept and not checked). A warehouse with bins (a bin in any
 * of its zones) keeps, per product, variant and warehouse, Σ stock_items.quantity = on hand and
 * Σ stock_items.quantity_reserved = reserved: every stock operation changes its bins in the same
 * transaction, right after it changed (and so locked) the inventory row. That lock is what orders
 * concurrent bin changes of one item; the bin rows are only ever touched under it.
 *
 * Where goods go and come from, deterministically:
 *   incoming     into the bin the caller names (validated against the warehouse), else the bin
 *                that already holds the most of the item (then bin code), else the warehouse's
 *                first bin by code (active bins before blocked or inactive ones).
 *   reserving    from the item's bins with the most unreserved stock first, then bin code.
 *   releasing    from the item's bins with the most reserved first, then bin code.
 *   outgoing     reserved units (a shipment consuming its reservation) from the bins with the most
 *                reserved first; unreserved units from those with the most unreserved first (only
 *                from the named bin when the caller names one).
 * Stock booked before the warehouse got its first bin is placed in the put-away bin the first time
 * an operation touches the item (until then the rule "bin stock adds up" reports it).
 * Each step takes min(what the bin has of it, what is still wanted), so no bin's quantity or
 * reservation goes below 0 and no reservation above its bin's quantity (the table's CHECKs say the
 * same); when the bins cannot cover a change the inventory row allowed, the bins disagree with the
 * stock level and the operation answers CONFLICT.
 */
export type BinChange = {
  /** Signed change of quantity on hand (decimal text). */
  change: string;
  /** Signed change of quantity reserved; for outgoing goods, −(reserved units the movement consumes). */
  reservedChange?: string;
  /** The bin incoming goods go to, or outgoing goods come from; see above when left out. */
  binId?: string | null;
  sku: string;
};

/**
 * Checks that a bin named in an input lies in the warehouse: InvalidInputError naming the field
 * otherwise. Called before any stock moves.
 */
export async function assertBinInWarehouse(
  tx: TenantQueries,
  binId: string | null | undefined,
  warehouseId: string,
  field: string,
): Promise<void> {
  if (!binId) return;
  const inWarehouse = await tx.oneFirst(sql.type(z.object({ found: z.boolean() }))`
    SELECT EXISTS (SELECT 1 FROM bins b JOIN zones z ON z.id = b.zone_id WHERE b.id = ${binId} AND z.warehouse_id = ${warehouseId}) AS found`);
  if (!inWarehouse) throw new InvalidInputError(`${field}: bin ${binId} is not a bin of warehouse ${warehouseId}.`);
}

/**
 * Applies a stock level's change to the item's bins (nothing for a warehouse without bins). Call it
 * after the inventory row of `key` was changed in the same transaction.
 */
export async function keepBinStock(tx: TenantQueries, key: StockKey, binChange: BinChange): Promise<void> {
  const change = binChange.change.trim();
  const reservedChange = (binChange.reservedChange ?? "0").trim();
  if (!(await placeUnbinnedStock(tx, key, change, reservedChange))) return;
  const outgoing = change.startsWith("-") && !isZero(change);
  const reserving = !reservedChange.startsWith("-") && !isZero(reservedChange);
  const releasing = reservedChange.startsWith("-") && !isZero(reservedChange);
  const binId = binChange.binId ?? null;

  if (!outgoing && !isZero(change)) await putAway(tx, key, change, binId);
  if (outgoing && releasing) {
    // A shipment: the reserved units it consumes leave their bins with their reservation.
    await takeFromBins(tx, key, binChange.sku, "consume", negate(reservedChange), null);
  } else if (releasing) {
    await takeFromBins(tx, key, binChange.sku, "release", negate(reservedChange), null);
  }
  if (reserving) await takeFromBins(tx, key, binChange.sku, "reserve", reservedChange, null);
  if (outgoing) {
    const unreserved = formatUnits(toUnits(negate(change)) - (releasing ? toUnits(negate(reservedChange)) : 0n));
    if (!isZero(unreserved)) await takeFromBins(tx, key, binChange.sku, "take", unreserved, binId);
  }
}

const variantOf = (key: StockKey) => key.product_variant_id ?? null;

/**
 * The bin incoming goods of the item go to when the caller names none: the bin already holding the
 * most of it (then bin code), else the warehouse's first bin by code, active bins first.
 */
const putAwayBin = (key: StockKey) => sql.fragment`
  coalesce(
    (SELECT s.bin_id FROM stock_items s JOIN bins b ON b.id = s.bin_id
      WHERE s.product_id = ${key.product_id} AND s.product_variant_id IS NOT DISTINCT FROM ${variantOf(key)}::uuid
        AND s.warehouse_id = ${key.warehouse_id} AND s.lot_id IS NULL
      ORDER BY s.quantity DESC, b.code, b.id LIMIT 1),
    (SELECT b.id FROM bins b JOIN zones z ON z.id = b.zone_id WHERE z.warehouse_id = ${key.warehouse_id}
      ORDER BY b.status = 'active' DESC, b.code, z.code, b.id LIMIT 1)
  )`;

/**
 * Whether the warehouse keeps bin stock (it has a bin in one of its zones). If it does and the item
 * has no bin rows there yet while its stock level held stock before this change (stock booked
 * before the warehouse got its first bin), that stock is first placed, with its reservation, in
 * the put-away bin, so the change below applies to bins that add up.
 */
async function placeUnbinnedStock(tx: TenantQueries, key: StockKey, change: string, reservedChange: string): Promise<boolean> {
  return tx.oneFirst(sql.type(z.object({ bins: z.boolean() }))`
    WITH binned AS (
      SELECT EXISTS (SELECT 1 FROM bins b JOIN zones z ON z.id = b.zone_id WHERE z.warehouse_id = ${key.warehouse_id}) AS bins
    ), placed AS (
      INSERT INTO stock_items (product_id, product_variant_id, warehouse_id, bin_id, quantity, quantity_reserved, last_movement_at)
      SELECT inv.product_id, inv.product_variant_id, inv.warehouse_id, ${putAwayBin(key)},
        inv.quantity_on_hand - ${change}::numeric, inv.quantity_reserved - ${reservedChange}::numeric, inv.last_movement_at
      FROM inventory inv, binned
      WHERE binned.bins AND inv.product_id = ${key.product_id}
        AND inv.product_variant_id IS NOT DISTINCT FROM ${variantOf(key)}::uuid AND inv.warehouse_id = ${key.warehouse_id}
        AND inv.quantity_on_hand - ${change}::numeric > 0
        AND NOT EXISTS (
          SELECT 1 FROM stock_items s WHERE s.product_id = inv.product_id
            AND s.product_variant_id IS NOT DISTINCT FROM inv.product_variant_id AND s.warehouse_id = inv.warehouse_id
        )
    )
    SELECT bins FROM binned`);
}

/** Incoming goods into one bin: the named one, else the item's fullest bin, else the warehouse's first bin by code. */
async function putAway(tx: TenantQueries, key: StockKey, quantity: string, binId: string | null): Promise<void> {
  await tx.query(sql.unsafe`
    WITH target AS (SELECT coalesce(${binId}::uuid, ${putAwayBin(key)}) AS bin_id)
    INSERT INTO stock_items AS s (product_id, product_variant_id, warehouse_id, bin_id, quantity, last_movement_at)
    SELECT ${key.product_id}, ${variantOf(key)}::uuid, ${key.warehouse_id}, target.bin_id, ${quantity}::numeric, now() FROM target
    ON CONFLICT ON CONSTRAINT stock_items_location_key DO UPDATE
      SET quantity = s.quantity + excluded.quantity, last_movement_at = now(), updated_at = now()`);
}

type Take = "reserve" | "release" | "consume" | "take";

/** What each bin can give for a step, and what giving `take` of it does to the bin. */
const steps: Record<Take, { pool: FragmentSqlToken; set: FragmentSqlToken }> = {
  reserve: {
    pool: sql.fragment`s.quantity - s.quantity_reserved`,
    set: sql.fragment`quantity_reserved = s.quantity_reserved + t.take`,
  },
  release: { pool: sql.fragment`s.quantity_reserved`, set: sql.fragment`quantity_reserved = s.quantity_reserved - t.take` },
  consume: {
    pool: sql.fragment`s.quantity_reserved`,
    set: sql.fragment`quantity = s.quantity - t.take, quantity_reserved = s.quantity_reserved - t.take`,
  },
  take: { pool: sql.fragment`s.quantity - s.quantity_reserved`, set: sql.fragment`quantity = s.quantity - t.take` },
};

/**
 * One step over the item's bins in one statement: bins ordered by what they can give (most first,
 * then bin code), each giving min(its part, what is still wanted after the bins before it).
 */
async function takeFromBins(
  tx: TenantQueries,
  key: StockKey,
  sku: string,
  step: Take,
  amount: string,
  binId: string | null,
): Promise<void> {
  const { pool, set } = steps[step];
  const taken = await tx.oneFirst(sql.type(z.object({ taken: z.boolean() }))`
    WITH pool AS (
      SELECT s.id, ${pool} AS pool,
        sum(${pool}) OVER (ORDER BY ${pool} DESC, b.code NULLS LAST, s.id) AS running
      FROM stock_items s LEFT JOIN bins b ON b.id = s.bin_id
      WHERE s.product_id = ${key.product_id} AND s.product_variant_id IS NOT DISTINCT FROM ${variantOf(key)}::uuid
        AND s.warehouse_id = ${key.warehouse_id} AND (${binId}::uuid IS NULL OR s.bin_id = ${binId}::uuid)
    ), t AS (
      SELECT id, least(pool, greatest(0, ${amount}::numeric - (running - pool))) AS take FROM pool
    ), changed AS (
      UPDATE stock_items s SET ${set}, last_movement_at = now(), updated_at = now()
      FROM t WHERE s.id = t.id AND t.take > 0
      RETURNING t.take
    )
    SELECT coalesce(sum(take), 0) = ${amount}::numeric AS taken FROM changed`);
  if (!taken) {
    const what = { reserve: "reserve", release: "release", consume: "ship the reserved", take: "take" }[step];
    throw new ConflictError(
      binId
        ? `Cannot ${what} ${amount} of SKU ${sku}: bin ${binId} does not hold that much unreserved.`
        : `Cannot ${what} ${amount} of SKU ${sku}: the warehouse's bins do not hold what its stock level says.`,
    );
  }
}

function isZero(decimal: string): boolean {
  return !/[1-9]/.test(decimal);
}

function negate(decimal: string): string {
  return decimal.startsWith("-") ? decimal.slice(1) : `-${decimal}`;
}
