import type { ErpClient } from "@erp/client";
import { errorCode } from "@erp/client";
import { expect } from "vitest";

/**
 * A model of procure to pay for the model-based test: what the API must hold after each command
 * (order lines' received / billed / returned quantities, bills' open amounts and statuses), with
 * the commands that change it. Quantities are whole units and prices have two decimals, so the
 * model's figures are exact in cents (money as integer hundredths of a cent: ten-thousandths).
 */
export type ModelLine = {
  id: string;
  productIndex: number;
  ordered: number;
  received: number;
  billed: number;
  returned: number;
  costUnits: number;
};
export type ModelOrder = { id: string; status: string; lines: ModelLine[] };
export type ModelBillLine = { id: string; orderLineId: string; quantity: number; returned: number; priceUnits: number; taxRate: number };
export type ModelBill = {
  id: string;
  orderId: string;
  status: string;
  totalUnits: number;
  paidUnits: number;
  creditedUnits: number;
  lines: ModelBillLine[];
};

export type Model = {
  orders: ModelOrder[];
  bills: ModelBill[];
  billNumber: number;
  /** Per product index: on hand (for debit notes, which take stock out). */
  onHand: number[];
};

/** Tax already taken back per bill line by the model's debit notes (the last unit takes the rest). */
const lineTaxReturned = new Map<string, number>();

export type World = {
  admin: ErpClient;
  vendorId: string;
  warehouseId: string;
  products: { id: string; taxRate: number }[];
  tolerancePercent: number;
  stats: { operations: number; refusals: number; kinds: Record<string, number> };
};

/** A seeded pseudo-random generator (mulberry32), so a sequence replays from its seed. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof random>;

const units = (text: string) => Math.round(Number(text) * 10_000);
const money = (valueUnits: number) => (valueUnits / 10_000).toFixed(4);
/** round(x, 2) on ten-thousandths, half away from zero like PostgreSQL's numeric round. */
const cents = (valueUnits: number) => Math.sign(valueUnits) * Math.round(Math.abs(valueUnits) / 100) * 100;

function count(world: World, kind: string, refused = false) {
  world.stats.operations++;
  if (refused) world.stats.refusals++;
  world.stats.kinds[kind] = (world.stats.kinds[kind] ?? 0) + 1;
}

async function refused(call: Promise<unknown>, code: string) {
  const error = await call.then(
    () => new Error(`expected ${code}`),
    (caught: unknown) => caught,
  );
  expect(errorCode(error), (error as Error).message).toBe(code);
}

/** One random command applied to the API and the model; false when none applies to the state. */
export async function step(world: World, model: Model, rng: Random): Promise<boolean> {
  const kind = rng.pick([
    "order",
    "approve",
    "approve",
    "send",
    "receive",
    "receive",
    "receive",
    "overReceive",
    "bill",
    "bill",
    "approveBill",
    "approveBill",
    "pay",
    "pay",
    "overPay",
    "debitNote",
    "debitNote",
    "adjustOut",
    "cancel",
    "close",
  ] as const);
  const { admin } = world;
  switch (kind) {
    case "order": {
      const picked = [...new Set([rng.int(0, world.products.length - 1), rng.int(0, world.products.length - 1)])];
      const lines = picked.map((productIndex) => ({ productIndex, quantity: rng.int(1, 20), cost: (rng.int(100, 2000) / 100).toFixed(2) }));
      const order = await admin.procurement.purchaseOrders.create.mutate({
        vendor_id: world.vendorId,
        lines: lines.map((line) => ({
          product_id: world.products[line.productIndex]?.id ?? "",
          quantity: line.quantity,
          unit_cost: line.cost,
        })),
      });
      model.orders.push({
        id: order.id,
        status: "draft",
        lines: order.lines.map((line, index) => ({
          id: line.id,
          productIndex: lines[index]?.productIndex ?? 0,
          ordered: lines[index]?.quantity ?? 0,
          received: 0,
          billed: 0,
          returned: 0,
          costUnits: units(lines[index]?.cost ?? "0"),
        })),
      });
      expect(order.status).toBe("draft");
      count(world, kind);
      return true;
    }
    case "approve":
    case "send":
    case "cancel":
    case "close": {
      const from = {
        approve: ["draft"],
        send: ["approved"],
        cancel: ["draft", "approved", "sent"],
        close: ["received", "partially_received"],
      }[kind];
      const order = rng.pick(model.orders.filter((candidate) => from.includes(candidate.status)));
      if (!order) return false;
      if (kind === "cancel" && order.lines.some((line) => line.received > 0)) return false;
      if (kind === "close" && order.lines.some((line) => line.billed < line.received)) return false;
      const changed = await admin.procurement.purchaseOrders[kind].mutate({ id: order.id });
      order.status = { approve: "approved", send: "sent", cancel: "cancelled", close: "closed" }[kind];
      expect(changed.status).toBe(order.status);
      count(world, kind);
      return true;
    }
    case "receive":
    case "overReceive": {
      const order = rng.pick(
        model.orders.filter((candidate) => ["approved", "sent", "partially_received", "received"].includes(candidate.status)),
      );
      if (!order) return false;
      const line = rng.pick(order.lines) as ModelLine;
      const room = Math.floor(line.ordered * (1 + world.tolerancePercent / 100)) - line.received;
      if (kind === "overReceive") {
        await refused(
          admin.procurement.goodsReceipts.create.mutate({
            purchase_order_id: order.id,
            lines: [{ purchase_order_item_id: line.id, quantity: room + 1 }],
          }),
          "BAD_REQUEST",
        );
        count(world, kind, true);
        return true;
      }
      const left = Math.max(line.ordered - line.received, 0);
      const quantity = left > 0 ? rng.int(1, left) : room;
      if (quantity <= 0) return false;
      await admin.procurement.goodsReceipts.create.mutate({
        purchase_order_id: order.id,
        lines: [{ purchase_order_item_id: line.id, quantity }],
      });
      line.received += quantity;
      model.onHand[line.productIndex] = (model.onHand[line.productIndex] ?? 0) + quantity;
      order.status = order.lines.every((candidate) => candidate.received >= candidate.ordered) ? "received" : "partially_received";
      const real = await admin.procurement.purchaseOrders.get.query({ id: order.id });
      expect([real.status, real.lines.map((candidate) => Number(candidate.quantity_received))]).toEqual([
        order.status,
        order.lines.map((candidate) => candidate.received),
      ]);
      count(world, kind);
      return true;
    }
    case "bill": {
      const pending = new Set(
        model.bills.filter((bill) => bill.status === "draft").flatMap((bill) => bill.lines.map((line) => line.orderLineId)),
      );
      const order = rng.pick(
        model.orders.filter((candidate) => candidate.lines.some((line) => line.received > line.billed && !pending.has(line.id))),
      );
      if (!order) return false;
      const lines = order.lines.filter((line) => line.received > line.billed && !pending.has(line.id));
      const billed = lines.map((line) => ({
        line,
        quantity: rng.int(1, line.received - line.billed),
        // One bill line in five is priced 10 % over the order: a variance the approval must override.
        priceUnits: rng.chance(0.2) ? cents(Math.round(line.costUnits * 1.1)) : line.costUnits,
      }));
      const bill = await admin.procurement.bills.create.mutate({
        vendor_id: world.vendorId,
        invoice_number: `M-${++model.billNumber}`,
        purchase_order_id: order.id,
        lines: billed.map((entry) => ({
          purchase_order_item_id: entry.line.id,
          quantity: entry.quantity,
          unit_cost: money(entry.priceUnits),
        })),
      });
      const modelLines = billed.map((entry, index) => ({
        id: bill.lines[index]?.id ?? "",
        orderLineId: entry.line.id,
        quantity: entry.quantity,
        returned: 0,
        priceUnits: entry.priceUnits,
        taxRate: world.products[entry.line.productIndex]?.taxRate ?? 0,
      }));
      const totalUnits = modelLines.reduce((total, line) => {
        const net = line.quantity * line.priceUnits;
        return total + net + cents((net * line.taxRate) / 100);
      }, 0);
      expect(bill.grand_total).toBe(money(totalUnits));
      expect(bill.match_status).toBe(billed.some((entry) => entry.priceUnits !== entry.line.costUnits) ? "variance" : "matched");
      model.bills.push({ id: bill.id, orderId: order.id, status: "draft", totalUnits, paidUnits: 0, creditedUnits: 0, lines: modelLines });
      count(world, kind);
      return true;
    }
    case "approveBill": {
      const bill = rng.pick(model.bills.filter((candidate) => candidate.status === "draft"));
      if (!bill) return false;
      const order = model.orders.find((candidate) => candidate.id === bill.orderId) as ModelOrder;
      const variance = bill.lines.some(
        (line) => order.lines.find((candidate) => candidate.id === line.orderLineId)?.costUnits !== line.priceUnits,
      );
      if (variance) await refused(admin.procurement.bills.approve.mutate({ id: bill.id }), "CONFLICT");
      const approved = await admin.procurement.bills.approve.mutate({ id: bill.id, override: variance });
      expect([approved.status, approved.overridden_by !== null]).toEqual(["approved", variance]);
      bill.status = "approved";
      for (const line of bill.lines) {
        const orderLine = order.lines.find((candidate) => candidate.id === line.orderLineId) as ModelLine;
        orderLine.billed += line.quantity;
      }
      count(world, kind);
      return true;
    }
    case "pay":
    case "overPay": {
      const bill = rng.pick(model.bills.filter((candidate) => ["approved", "partially_paid"].includes(candidate.status)));
      if (!bill) return false;
      const open = bill.totalUnits - bill.paidUnits - bill.creditedUnits;
      if (kind === "overPay") {
        const amount = money(open + 100);
        await refused(
          admin.procurement.payments.create.mutate({ vendor_id: world.vendorId, amount, allocations: [{ bill_id: bill.id, amount }] }),
          "CONFLICT",
        );
        count(world, kind, true);
        return true;
      }
      const amountUnits = rng.chance(0.5) ? open : Math.max(100, cents(Math.floor(open * rng.next())));
      if (amountUnits > open || amountUnits <= 0) return false;
      const amount = money(amountUnits);
      await admin.procurement.payments.create.mutate({ vendor_id: world.vendorId, amount, allocations: [{ bill_id: bill.id, amount }] });
      bill.paidUnits += amountUnits;
      bill.status = bill.paidUnits + bill.creditedUnits === bill.totalUnits ? "paid" : "partially_paid";
      const real = await admin.procurement.bills.get.query({ id: bill.id });
      expect([real.status, real.amount_paid]).toEqual([bill.status, money(bill.paidUnits)]);
      count(world, kind);
      return true;
    }
    case "adjustOut": {
      // An existing operation in between: one unit taken out of stock by an adjustment (it moves
      // the average's worth, which the next debit note's stock value depends on).
      const productIndex = rng.int(0, world.products.length - 1);
      if ((model.onHand[productIndex] ?? 0) < 2) return false;
      await admin.inventory.stock.adjust.mutate({
        product_id: world.products[productIndex]?.id ?? "",
        warehouse_id: world.warehouseId,
        quantity_change: "-1",
      });
      model.onHand[productIndex] = (model.onHand[productIndex] ?? 0) - 1;
      count(world, kind);
      return true;
    }
    case "debitNote": {
      const bill = rng.pick(model.bills.filter((candidate) => ["approved", "partially_paid"].includes(candidate.status)));
      if (!bill) return false;
      const order = model.orders.find((candidate) => candidate.id === bill.orderId) as ModelOrder;
      const line = rng.pick(bill.lines.filter((candidate) => candidate.returned < candidate.quantity)) as ModelBillLine | undefined;
      if (!line) return false;
      const orderLine = order.lines.find((candidate) => candidate.id === line.orderLineId) as ModelLine;
      const lineTax = cents((line.quantity * line.priceUnits * line.taxRate) / 100);
      const last = line.returned + 1 === line.quantity;
      const taxUnits = last ? lineTax - (lineTaxReturned.get(line.id) ?? 0) : cents(lineTax / line.quantity);
      const totalUnits = line.priceUnits + taxUnits;
      const open = bill.totalUnits - bill.paidUnits - bill.creditedUnits;
      if (totalUnits > open || (model.onHand[orderLine.productIndex] ?? 0) < 1) return false;
      const note = await admin.procurement.debitNotes.create.mutate({
        bill_id: bill.id,
        reason: "Model return",
        lines: [{ bill_item_id: line.id, quantity: 1 }],
      });
      expect(note.total_amount).toBe(money(totalUnits));
      line.returned += 1;
      lineTaxReturned.set(line.id, (lineTaxReturned.get(line.id) ?? 0) + taxUnits);
      orderLine.returned += 1;
      model.onHand[orderLine.productIndex] = (model.onHand[orderLine.productIndex] ?? 0) - 1;
      bill.creditedUnits += totalUnits;
      if (bill.paidUnits + bill.creditedUnits === bill.totalUnits) bill.status = "paid";
      count(world, kind);
      return true;
    }
    default:
      return false;
  }
}

/** The model's figures for the books: GRNI = received − billed at order prices; payables = open bills. */
export function expectedBooks(model: Model): { grni: string; payables: string } {
  const grni = model.orders
    .flatMap((order) => order.lines)
    .reduce((total, line) => total + (line.received - line.billed) * line.costUnits, 0);
  const payables = model.bills
    .filter((bill) => bill.status !== "draft")
    .reduce((total, bill) => total + bill.totalUnits - bill.paidUnits - bill.creditedUnits, 0);
  return { grni: money(grni), payables: money(payables) };
}
