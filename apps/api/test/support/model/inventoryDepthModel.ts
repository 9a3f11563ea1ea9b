import type { ErpClient } from "@erp/client";
import { divideRounded, SCALE, times } from "./money.ts";

/**
 * The model of the inventory-depth test: per variant and warehouse the quantity on hand and the
 * moving average (whole ten-thousandths, as numeric(18,4)), the transfers in transit with the cost
 * they carry, and the counts in progress with the book quantity each counted line was counted
 * against. Quantities are whole units, so on hand × average is exact and the model's averages
 * are the database's to the last digit.
 */
export type StockRow = { onHand: bigint; average: bigint };
export type ModelTransfer = {
  id: string;
  variant: number;
  from: number;
  to: number;
  lineId: string;
  shipped: bigint;
  received: bigint;
  cost: bigint;
};
export type ModelCount = {
  id: string;
  warehouse: number;
  /** Sheet line ids by variant (the variants with a stock row in the warehouse when the count started). */
  lines: Map<number, string>;
  /** Counted lines: variant → counted and book quantity at the moment of counting. */
  counted: Map<number, { counted: bigint; book: bigint }>;
};

export class InventoryDepthModel {
  /** `${variant}/${warehouse}` → the stock row; present once anything entered it. */
  readonly rows = new Map<string, StockRow>();
  readonly transfers: ModelTransfer[] = [];
  readonly counts: ModelCount[] = [];
  operations = 0;

  constructor(
    readonly variants: number,
    readonly warehouses: number,
  ) {}

  row(variant: number, warehouse: number): StockRow | undefined {
    return this.rows.get(`${variant}/${warehouse}`);
  }

  onHand(variant: number, warehouse: number): bigint {
    return this.row(variant, warehouse)?.onHand ?? 0n;
  }

  /** Units in at a cost (receipt, transfer in; an adjustment in at the row's average). */
  receive(variant: number, warehouse: number, quantity: bigint, cost: bigint | null): void {
    const row = this.row(variant, warehouse) ?? { onHand: 0n, average: 0n };
    const unitCost = cost ?? row.average;
    const worth = times(row.onHand, row.average);
    row.average = divideRounded((worth + times(quantity, unitCost)) * SCALE, row.onHand + quantity);
    row.onHand += quantity;
    this.rows.set(`${variant}/${warehouse}`, row);
  }

  /** Units out at the average (which stays). */
  take(variant: number, warehouse: number, quantity: bigint): void {
    const row = this.row(variant, warehouse);
    if (!row || row.onHand < quantity) throw new Error("model: taking more than on hand");
    row.onHand -= quantity;
  }

  /** Σ round(quantity × cost, 4) of what is still in transit: the in-transit account. */
  inTransitValue(): bigint {
    return this.transfers.reduce(
      (total, transfer) => total + times(transfer.shipped, transfer.cost) - times(transfer.received, transfer.cost),
      0n,
    );
  }
}

/** The tenant the commands run against: its client and the ids the model's indices stand for. */
export type InventoryDepthReal = {
  client: ErpClient;
  variants: readonly { productId: string; variantId: string }[];
  warehouses: readonly string[];
  stats: { operations: number; refusals: number; sequences: number; kinds: Record<string, number> };
};
