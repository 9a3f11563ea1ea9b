import fc from "fast-check";
import { expect } from "vitest";
import { expectCode } from "../expectCode.ts";
import type { InventoryDepthModel, InventoryDepthReal } from "./inventoryDepthModel.ts";
import { SCALE, text, units } from "./money.ts";

/**
 * The inventory-depth commands for fc.asyncModelRun: stock receipts and adjustments, planned
 * transfers shipped into transit and received in parts, direct transfers, counts started,
 * counted line by line while stock keeps moving, posted or cancelled. Each `run` calls the API
 * through the typed client, expects exactly what the model says (success, or the one refusal
 * code), and moves the model the way the tenant should have moved. Choices among documents are
 * indices taken modulo the candidates.
 */
type Command = fc.AsyncCommand<InventoryDepthModel, InventoryDepthReal>;

const pick = <T>(candidates: readonly T[], index: number): T | undefined => candidates[index % Math.max(1, candidates.length)];
const qty = (whole: number) => BigInt(whole) * SCALE;

function count(r: InventoryDepthReal, m: InventoryDepthModel, refusal: boolean, kind: string): void {
  m.operations++;
  r.stats.operations++;
  if (refusal) r.stats.refusals++;
  const key = refusal ? `${kind} (refused)` : kind;
  r.stats.kinds[key] = (r.stats.kinds[key] ?? 0) + 1;
}

function key(r: InventoryDepthReal, variant: number, warehouse: number) {
  const ids = r.variants[variant];
  return { product_id: ids?.productId ?? "", product_variant_id: ids?.variantId ?? "", warehouse_id: r.warehouses[warehouse] ?? "" };
}

/** The stock row as the API has it, against the model: on hand and moving average. */
export async function expectRow(r: InventoryDepthReal, m: InventoryDepthModel, variant: number, warehouse: number): Promise<void> {
  const { product_id, product_variant_id, warehouse_id } = key(r, variant, warehouse);
  const levels = await r.client.inventory.stock.levels.query({ product_id, warehouse_id });
  const row = levels.items.find((candidate) => candidate.product_variant_id === product_variant_id);
  const model = m.row(variant, warehouse);
  expect(row ? [row.quantity_on_hand, row.average_cost] : null, `stock of v${variant} in w${warehouse}`).toEqual(
    model ? [text(model.onHand), text(model.average)] : null,
  );
}

class Receive implements Command {
  constructor(
    readonly variant: number,
    readonly warehouse: number,
    readonly quantity: number,
    readonly costCents: number,
  ) {}
  check = () => true;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const cost = (this.costCents / 100).toFixed(2);
    await r.client.inventory.stock.receive.mutate({ ...key(r, this.variant, this.warehouse), quantity: this.quantity, unit_cost: cost });
    count(r, m, false, "Receive");
    m.receive(this.variant, this.warehouse, qty(this.quantity), units(cost));
    await expectRow(r, m, this.variant, this.warehouse);
  }
  toString = () => `receive(v${this.variant}, w${this.warehouse}, ${this.quantity} at ${this.costCents}c)`;
}

class Adjust implements Command {
  constructor(
    readonly variant: number,
    readonly warehouse: number,
    readonly change: number,
  ) {}
  check = () => this.change !== 0;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const input = { ...key(r, this.variant, this.warehouse), quantity_change: this.change };
    const refused = m.onHand(this.variant, this.warehouse) + qty(this.change) < 0n;
    count(r, m, refused, "Adjust");
    if (refused) {
      // Deliberate refusal: stock never goes below zero.
      await expectCode(r.client.inventory.stock.adjust.mutate(input), "CONFLICT");
      return;
    }
    await r.client.inventory.stock.adjust.mutate(input);
    if (this.change > 0) m.receive(this.variant, this.warehouse, qty(this.change), null);
    else m.take(this.variant, this.warehouse, qty(-this.change));
    await expectRow(r, m, this.variant, this.warehouse);
  }
  toString = () => `adjust(v${this.variant}, w${this.warehouse}, ${this.change})`;
}

class ShipTransfer implements Command {
  constructor(
    readonly variant: number,
    readonly from: number,
    readonly to: number,
    readonly quantity: number,
  ) {}
  check = () => this.from !== this.to;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const { transfers } = r.client.inventory;
    const ids = r.variants[this.variant];
    const created = await transfers.create.mutate({
      from_warehouse_id: r.warehouses[this.from] ?? "",
      to_warehouse_id: r.warehouses[this.to] ?? "",
      lines: [{ product_id: ids?.productId ?? "", product_variant_id: ids?.variantId ?? "", quantity: this.quantity }],
    });
    count(r, m, false, "CreateTransfer");
    const refused = m.onHand(this.variant, this.from) < qty(this.quantity);
    count(r, m, refused, "ShipTransfer");
    if (refused) {
      // Deliberate refusal: the source has less than the transfer; the draft is cancelled instead.
      await expectCode(transfers.ship.mutate({ id: created.id }), "CONFLICT");
      expect((await transfers.cancel.mutate({ id: created.id })).status).toBe("cancelled");
      count(r, m, false, "CancelTransfer");
      return;
    }
    const cost = m.row(this.variant, this.from)?.average ?? 0n;
    const shipped = await transfers.ship.mutate({ id: created.id });
    const line = shipped.lines[0];
    expect([shipped.status, line?.quantity_shipped, line?.unit_cost]).toEqual(["in_transit", text(qty(this.quantity)), text(cost)]);
    m.take(this.variant, this.from, qty(this.quantity));
    m.transfers.push({
      id: created.id,
      variant: this.variant,
      from: this.from,
      to: this.to,
      lineId: line?.id ?? "",
      shipped: qty(this.quantity),
      received: 0n,
      cost,
    });
    await expectRow(r, m, this.variant, this.from);
  }
  toString = () => `shipTransfer(v${this.variant}, w${this.from}→w${this.to}, ${this.quantity})`;
}

class ReceiveTransfer implements Command {
  constructor(
    readonly index: number,
    /** 0: everything in transit; else that many units (at most what is left). */
    readonly part: number,
  ) {}
  private target = (m: InventoryDepthModel) =>
    pick(
      m.transfers.filter((transfer) => transfer.received < transfer.shipped),
      this.index,
    );
  check = (m: Readonly<InventoryDepthModel>) => this.target(m as InventoryDepthModel) !== undefined;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const transfer = this.target(m);
    if (!transfer) return;
    const left = transfer.shipped - transfer.received;
    const quantity = this.part === 0 || qty(this.part) >= left ? left : qty(this.part);
    const received = await r.client.inventory.transfers.receive.mutate(
      this.part === 0 ? { id: transfer.id } : { id: transfer.id, lines: [{ item_id: transfer.lineId, quantity: text(quantity) }] },
    );
    count(r, m, false, "ReceiveTransfer");
    transfer.received += quantity;
    m.receive(transfer.variant, transfer.to, quantity, transfer.cost);
    expect(received.status).toBe(transfer.received === transfer.shipped ? "received" : "in_transit");
    await expectRow(r, m, transfer.variant, transfer.to);
  }
  toString = () => `receiveTransfer(#${this.index}, ${this.part === 0 ? "all" : this.part})`;
}

class DirectTransfer implements Command {
  constructor(
    readonly variant: number,
    readonly from: number,
    readonly to: number,
    readonly quantity: number,
  ) {}
  check = () => this.from !== this.to;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const ids = r.variants[this.variant];
    const input = {
      product_id: ids?.productId ?? "",
      product_variant_id: ids?.variantId ?? "",
      from_warehouse_id: r.warehouses[this.from] ?? "",
      to_warehouse_id: r.warehouses[this.to] ?? "",
      quantity: this.quantity,
    };
    const refused = m.onHand(this.variant, this.from) < qty(this.quantity);
    count(r, m, refused, "DirectTransfer");
    if (refused) {
      await expectCode(r.client.inventory.stock.transfer.mutate(input), "CONFLICT");
      return;
    }
    await r.client.inventory.stock.transfer.mutate(input);
    const cost = m.row(this.variant, this.from)?.average ?? 0n;
    m.take(this.variant, this.from, qty(this.quantity));
    m.receive(this.variant, this.to, qty(this.quantity), cost);
    await expectRow(r, m, this.variant, this.from);
    await expectRow(r, m, this.variant, this.to);
  }
  toString = () => `directTransfer(v${this.variant}, w${this.from}→w${this.to}, ${this.quantity})`;
}

class StartCount implements Command {
  constructor(readonly warehouse: number) {}
  check = () => true;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const stocked = [...Array(m.variants).keys()].filter((variant) => m.row(variant, this.warehouse));
    const input = { warehouse_id: r.warehouses[this.warehouse] ?? "" };
    count(r, m, stocked.length === 0, "StartCount");
    if (stocked.length === 0) {
      await expectCode(r.client.inventory.counts.create.mutate(input), "BAD_REQUEST");
      return;
    }
    const created = await r.client.inventory.counts.create.mutate(input);
    const lines = new Map<number, string>();
    for (const variant of stocked) {
      const line = created.lines.find((candidate) => candidate.product_variant_id === r.variants[variant]?.variantId);
      expect(line?.expected_quantity, `count sheet line of v${variant}`).toBe(text(m.onHand(variant, this.warehouse)));
      lines.set(variant, line?.id ?? "");
    }
    expect(created.lines).toHaveLength(stocked.length);
    m.counts.push({ id: created.id, warehouse: this.warehouse, lines, counted: new Map() });
  }
  toString = () => `startCount(w${this.warehouse})`;
}

class RecordCount implements Command {
  constructor(
    readonly index: number,
    readonly variant: number,
    /** The difference to what is on the books now (the counter's finding). */
    readonly offset: number,
  ) {}
  private target = (m: InventoryDepthModel) => pick(m.counts, this.index);
  check = (m: Readonly<InventoryDepthModel>) => this.target(m as InventoryDepthModel) !== undefined;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const target = this.target(m);
    if (!target) return;
    const variant = [...target.lines.keys()][this.variant % target.lines.size] ?? 0;
    const book = m.onHand(variant, target.warehouse);
    const counted = book + qty(this.offset) < 0n ? 0n : book + qty(this.offset);
    const recorded = await r.client.inventory.counts.record.mutate({
      id: target.id,
      lines: [{ item_id: target.lines.get(variant) ?? "", counted_quantity: text(counted) }],
    });
    count(r, m, false, "RecordCount");
    const line = recorded.lines.find((candidate) => candidate.id === target.lines.get(variant));
    expect([line?.counted_quantity, line?.book_quantity]).toEqual([text(counted), text(book)]);
    target.counted.set(variant, { counted, book });
  }
  toString = () => `recordCount(#${this.index}, v${this.variant}, ${this.offset >= 0 ? "+" : ""}${this.offset})`;
}

class PostCount implements Command {
  constructor(readonly index: number) {}
  private target = (m: InventoryDepthModel) => pick(m.counts, this.index);
  check = (m: Readonly<InventoryDepthModel>) => this.target(m as InventoryDepthModel) !== undefined;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const target = this.target(m);
    if (!target) return;
    const { counts } = r.client.inventory;
    if (target.counted.size === 0) {
      count(r, m, true, "PostCount");
      await expectCode(counts.post.mutate({ id: target.id }), "BAD_REQUEST");
      return;
    }
    // Goods that left after they were counted as missing make the difference impossible to take.
    const short = [...target.counted].some(([variant, line]) => m.onHand(variant, target.warehouse) + line.counted - line.book < 0n);
    count(r, m, short, "PostCount");
    if (short) {
      await expectCode(counts.post.mutate({ id: target.id }), "CONFLICT");
      expect((await counts.cancel.mutate({ id: target.id })).status).toBe("cancelled");
    } else {
      expect((await counts.post.mutate({ id: target.id })).status).toBe("posted");
      for (const [variant, line] of target.counted) {
        const difference = line.counted - line.book;
        if (difference > 0n) m.receive(variant, target.warehouse, difference, null);
        if (difference < 0n) m.take(variant, target.warehouse, -difference);
      }
      // Deliberate refusal: a posted count is final.
      count(r, m, true, "PostCount again");
      await expectCode(counts.post.mutate({ id: target.id }), "BAD_REQUEST");
    }
    m.counts.splice(m.counts.indexOf(target), 1);
    for (const variant of target.counted.keys()) await expectRow(r, m, variant, target.warehouse);
  }
  toString = () => `postCount(#${this.index})`;
}

class CancelCount implements Command {
  constructor(readonly index: number) {}
  private target = (m: InventoryDepthModel) => pick(m.counts, this.index);
  check = (m: Readonly<InventoryDepthModel>) => this.target(m as InventoryDepthModel) !== undefined;
  async run(m: InventoryDepthModel, r: InventoryDepthReal): Promise<void> {
    const target = this.target(m);
    if (!target) return;
    expect((await r.client.inventory.counts.cancel.mutate({ id: target.id })).status).toBe("cancelled");
    count(r, m, false, "CancelCount");
    m.counts.splice(m.counts.indexOf(target), 1);
  }
  toString = () => `cancelCount(#${this.index})`;
}

const VARIANTS = 2;
const WAREHOUSES = 3;
const variant = fc.nat({ max: VARIANTS - 1 });
const warehouse = fc.nat({ max: WAREHOUSES - 1 });

const commands: fc.Arbitrary<Command>[] = [
  fc
    .tuple(variant, warehouse, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 50, max: 2500 }))
    .map(([v, w, q, c]) => new Receive(v, w, q, c)),
  fc.tuple(variant, warehouse, fc.integer({ min: -6, max: 6 })).map(([v, w, d]) => new Adjust(v, w, d)),
  fc.tuple(variant, warehouse, warehouse, fc.integer({ min: 1, max: 8 })).map(([v, f, t, q]) => new ShipTransfer(v, f, t, q)),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 4 })).map(([i, p]) => new ReceiveTransfer(i, p)),
  fc.tuple(variant, warehouse, warehouse, fc.integer({ min: 1, max: 5 })).map(([v, f, t, q]) => new DirectTransfer(v, f, t, q)),
  warehouse.map((w) => new StartCount(w)),
  fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: -3, max: 3 })).map(([i, v, o]) => new RecordCount(i, v, o)),
  fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: -3, max: 3 })).map(([i, v, o]) => new RecordCount(i, v, o)),
  fc.nat().map((i) => new PostCount(i)),
  fc.nat().map((i) => new CancelCount(i)),
];

export const inventoryDepthShape = { variants: VARIANTS, warehouses: WAREHOUSES };

/** A sequence of `minLength` to `maxLength` commands (a plain array: fc.commands keeps most sequences short). */
export function inventoryDepthSequence(minLength: number, maxLength: number): fc.Arbitrary<Command[]> {
  return fc.array(fc.oneof(...commands), { minLength, maxLength });
}

/**
 * After a sequence: every stock row as the model has it, the valuation report's totals equal to the
 * inventory account and the value in transit to the in-transit account (both as the model computes
 * them), and every rule of checkInvariants.
 */
export async function checkInventoryDepth(
  m: InventoryDepthModel,
  r: InventoryDepthReal,
  invariants: () => Promise<{ name: string; ok: boolean; detail: string }[]>,
): Promise<void> {
  for (let v = 0; v < m.variants; v++) for (let w = 0; w < m.warehouses; w++) await expectRow(r, m, v, w);
  const report = await r.client.inventory.valuation.report.query({ limit: 100 });
  expect(report.totals.value, "stock valuation = inventory account").toBe(report.books.inventory_account);
  expect(report.books.in_transit_account, "in-transit account").toBe(text(m.inTransitValue()));
  expect(report.in_transit.value, "value in transit").toBe(text(m.inTransitValue()));
  expect((await invariants()).filter((rule) => !rule.ok)).toEqual([]);
}
