import fc from "fast-check";
import { expect } from "vitest";
import { expectCode } from "../expectCode.ts";
import { min, sum, text, times, units } from "./money.ts";
import {
  creditOfLine,
  invoiceLineTax,
  type ModelInvoice,
  type ModelInvoiceLine,
  type ModelOrder,
  OrderToCashModel,
  priceOrderLine,
  receiveIntoStock,
  returnCost,
} from "./orderToCashModel.ts";
import type { OrderToCashReal } from "./orderToCashReal.ts";

/**
 * The order-to-cash commands for fc.commands / fc.asyncModelRun. Each `check` keeps to states in
 * which the API must do what the command expects (succeed, or refuse with one exact code); `run`
 * calls the API through the typed client, updates the model the way the API should have changed
 * the tenant, and compares the two. Choices among documents are indices taken modulo the
 * candidates, so a command stays meaningful whatever the model holds when it runs.
 */
type Command = fc.AsyncCommand<OrderToCashModel, OrderToCashReal>;

const pick = <T>(candidates: readonly T[], index: number): T | undefined => candidates[index % Math.max(1, candidates.length)];
const whole = (quantity: bigint) => Number(quantity / 10_000n);
const ONE = 10_000n;

function count(r: OrderToCashReal, m: OrderToCashModel, refusal: boolean, kind: string): void {
  m.operations++;
  r.stats.operations++;
  if (refusal) r.stats.refusals++;
  const key = refusal ? `${kind} (refused)` : kind;
  r.stats.kinds[key] = (r.stats.kinds[key] ?? 0) + 1;
}

/** The order as the API has it, against the model: status, and per line ordered, shipped and invoiced. */
async function expectOrder(r: OrderToCashReal, order: ModelOrder): Promise<void> {
  const real = await r.client.sales.orders.get.query({ id: order.id });
  expect(
    { status: real.status, lines: real.lines.map((line) => [line.id, line.quantity, line.quantity_shipped, line.quantity_invoiced]) },
    `order ${order.number}`,
  ).toEqual({
    status: order.status,
    lines: order.lines.map((line) => [line.id, text(line.ordered), text(line.shipped), text(line.invoiced)]),
  });
}

async function expectInvoice(r: OrderToCashReal, invoice: ModelInvoice): Promise<void> {
  const real = await r.client.sales.invoices.get.query({ id: invoice.id });
  expect(
    [real.status, real.grand_total, real.amount_paid, real.amount_credited],
    `invoice ${invoice.number}: status, total, paid, credited`,
  ).toEqual([invoice.status, text(invoice.total), text(invoice.paid), text(invoice.credited)]);
}

async function expectStock(r: OrderToCashReal, m: OrderToCashModel, product: number): Promise<void> {
  const ids = r.products[product];
  const stock = m.stock[product];
  if (!ids || !stock) throw new Error(`no product ${product}`);
  const levels = await r.client.inventory.stock.levels.query({ product_id: ids.productId, warehouse_id: r.warehouseId });
  const row = levels.items[0];
  expect(
    [row?.quantity_on_hand, row?.quantity_reserved, row?.average_cost],
    `stock of product ${product}: on hand, reserved, average cost`,
  ).toEqual([text(stock.onHand), text(stock.reserved), text(stock.averageCost)]);
}

// ---------------------------------------------------------------------------------------------
// Orders

export class CreateOrder implements Command {
  constructor(
    readonly customer: number,
    readonly lines: readonly { product: number; quantity: number }[],
    readonly shipping: boolean,
  ) {}
  check = () => true;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const fits = this.lines.every((line) => m.available(line.product) >= BigInt(line.quantity) * ONE);
    const input = {
      customer_id: r.customers[this.customer] ?? "",
      lines: this.lines.map((line) => ({ product_variant_id: r.products[line.product]?.variantId ?? "", quantity: line.quantity })),
      ...(this.shipping ? { shipping_total: "4.95" } : {}),
    };
    count(r, m, !fits, "CreateOrder");
    if (!fits) {
      // Deliberate refusal: more than is available cannot be reserved.
      expect(await expectCode(r.client.sales.orders.create.mutate(input), "CONFLICT")).toMatch(/^Cannot reserve: insufficient stock/);
      return;
    }
    const created = await r.client.sales.orders.create.mutate(input);
    const priced = this.lines.map((line) => {
      const product = m.products[line.product];
      if (!product) throw new Error(`no product ${line.product}`);
      return {
        index: line.product,
        quantity: line.quantity,
        unitPrice: product.unitPrice,
        ...priceOrderLine(product, BigInt(line.quantity) * ONE),
      };
    });
    const shipping = this.shipping ? units("4.95") : 0n;
    const subtotal = sum(priced.map((line) => line.net));
    const tax = sum(priced.map((line) => line.tax));
    expect([created.status, created.subtotal, created.tax_total, created.grand_total], "new order: status and totals").toEqual([
      "draft",
      text(subtotal),
      text(tax),
      text(subtotal + tax + shipping),
    ]);
    expect(created.lines.map((line) => line.product_variant_id)).toEqual(this.lines.map((line) => r.products[line.product]?.variantId));
    m.orders.push({
      id: created.id,
      number: created.order_number,
      customer: this.customer,
      status: "draft",
      shipping,
      shippingBilled: false,
      lines: priced.map((line, index) => ({
        id: created.lines[index]?.id ?? "",
        product: line.index,
        ordered: BigInt(line.quantity) * ONE,
        shipped: 0n,
        invoiced: 0n,
        shippedCost: 0n,
        unitPrice: line.unitPrice,
        net: line.net,
        tax: line.tax,
      })),
    });
    for (const line of this.lines) {
      const stock = m.stock[line.product];
      if (stock) stock.reserved += BigInt(line.quantity) * ONE;
    }
    for (const product of new Set(this.lines.map((line) => line.product))) await expectStock(r, m, product);
  }
  toString = () =>
    `createOrder(customer ${this.customer}, ${this.lines.map((line) => `${line.quantity}×p${line.product}`).join(" + ")}${this.shipping ? ", shipping" : ""})`;
}

export class ConfirmOrder implements Command {
  constructor(readonly index: number) {}
  private target = (m: OrderToCashModel) =>
    pick(
      m.orders.filter((order) => order.status === "draft"),
      this.index,
    );
  check = (m: Readonly<OrderToCashModel>) => this.target(m as OrderToCashModel) !== undefined;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const order = this.target(m);
    if (!order) return;
    if (m.overCreditLimit(order)) {
      // Deliberate refusal: credit control.
      count(r, m, true, "ConfirmOrder");
      expect(await expectCode(r.client.sales.orders.confirm.mutate({ id: order.id }), "BAD_REQUEST")).toMatch(/over the credit limit/);
      await expectOrder(r, order);
      return;
    }
    count(r, m, false, "ConfirmOrder");
    const confirmed = await r.client.sales.orders.confirm.mutate({ id: order.id });
    order.status = "confirmed";
    expect(confirmed.status, `order ${order.number}`).toBe("confirmed");
  }
  toString = () => `confirm(draft #${this.index})`;
}

export class CancelOrder implements Command {
  constructor(readonly index: number) {}
  private target = (m: OrderToCashModel) =>
    pick(
      m.orders.filter((order) => order.status === "draft" || order.status === "confirmed"),
      this.index,
    );
  check = (m: Readonly<OrderToCashModel>) => this.target(m as OrderToCashModel) !== undefined;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const order = this.target(m);
    if (!order) return;
    count(r, m, false, "CancelOrder");
    const cancelled = await r.client.sales.orders.cancel.mutate({ id: order.id, note: "model test" });
    expect(cancelled.status, `order ${order.number}`).toBe("cancelled");
    order.status = "cancelled";
    for (const line of order.lines) {
      const stock = m.stock[line.product];
      if (stock) stock.reserved -= line.ordered - line.shipped;
    }
    for (const product of new Set(order.lines.map((line) => line.product))) await expectStock(r, m, product);
  }
  toString = () => `cancel(open #${this.index})`;
}

const shippable = (m: OrderToCashModel) =>
  m.orders.filter(
    (order) => (order.status === "confirmed" || order.status === "partially_shipped") && order.lines.some((l) => l.shipped < l.ordered),
  );

/**
 * Ships part of an order through sales.shipments.create (each line: a share of what is left, or
 * nothing), or with `all` everything left through sales.orders.ship. Stock leaves at the moving
 * average, which the shipment's lines must show.
 */
export class ShipOrder implements Command {
  constructor(
    readonly index: number,
    readonly shares: readonly number[],
    readonly all: boolean,
  ) {}
  check = (m: Readonly<OrderToCashModel>) => shippable(m as OrderToCashModel).length > 0;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const order = pick(shippable(m), this.index);
    if (!order) return;
    count(r, m, false, "ShipOrder");
    const wanted: number[] = order.lines.map((line, position) => {
      const left = whole(line.ordered - line.shipped);
      if (this.all) return left;
      const share = this.shares[position] ?? 0;
      return left === 0 ? 0 : share % (left + 1);
    });
    // At least one unit ships: the first line with something left takes one if the shares chose none.
    if (!wanted.some((quantity) => quantity > 0)) {
      const first = order.lines.findIndex((line) => line.shipped < line.ordered);
      wanted[first] = 1;
    }
    let costs: Map<string, string> | undefined;
    if (this.all) {
      await r.client.sales.orders.ship.mutate({ id: order.id });
    } else {
      const shipment = await r.client.sales.shipments.create.mutate({
        order_id: order.id,
        lines: order.lines
          .map((line, position) => ({ order_item_id: line.id, quantity: wanted[position] ?? 0 }))
          .filter((line) => line.quantity > 0),
      });
      costs = new Map(shipment.lines.map((line) => [line.order_item_id, line.unit_cost]));
      expect(shipment.lines.length, `shipment of order ${order.number}: lines`).toBe(wanted.filter((quantity) => quantity > 0).length);
    }
    for (const [position, line] of order.lines.entries()) {
      const quantity = BigInt(wanted[position] ?? 0) * ONE;
      if (quantity === 0n) continue;
      const stock = m.stock[line.product];
      if (!stock) continue;
      if (costs) {
        expect(costs.get(line.id), `shipment of order ${order.number}: line ${position} leaves at the average cost`).toBe(
          text(stock.averageCost),
        );
      }
      line.shippedCost += times(quantity, stock.averageCost);
      line.shipped += quantity;
      stock.onHand -= quantity;
      stock.reserved -= quantity;
    }
    order.status = order.lines.every((line) => line.shipped === line.ordered) ? "shipped" : "partially_shipped";
    await expectOrder(r, order);
    for (const product of new Set(order.lines.map((line) => line.product))) await expectStock(r, m, product);
  }
  toString = () => `ship(open #${this.index}, ${this.all ? "all" : `shares ${this.shares.join("/")}`})`;
}

/**
 * Deliberate refusals: shipping more than is left of a line of an open order, shipping an order
 * that has shipped in full, cancelling a partially shipped order (all BAD_REQUEST).
 */
export class OverShip implements Command {
  constructor(readonly index: number) {}
  check = (m: Readonly<OrderToCashModel>) => m.orders.some((order) => order.status !== "draft" && order.status !== "cancelled");
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const order = pick(
      m.orders.filter((candidate) => candidate.status !== "draft" && candidate.status !== "cancelled"),
      this.index,
    );
    if (!order) return;
    count(r, m, true, "OverShip");
    const line = order.lines[this.index % order.lines.length];
    if (order.status === "shipped") {
      expect(await expectCode(r.client.sales.orders.ship.mutate({ id: order.id }), "BAD_REQUEST")).toMatch(/cannot go from shipped/);
    } else if (order.status === "partially_shipped" && this.index % 2 === 0) {
      expect(await expectCode(r.client.sales.orders.cancel.mutate({ id: order.id }), "BAD_REQUEST")).toMatch(
        /is partially shipped and cannot be cancelled/,
      );
    } else if (line) {
      const tooMany = whole(line.ordered - line.shipped) + 1;
      const refused = r.client.sales.shipments.create.mutate({
        order_id: order.id,
        lines: [{ order_item_id: line.id, quantity: tooMany }],
      });
      expect(await expectCode(refused, "BAD_REQUEST")).toMatch(/would ship more than ordered/);
    }
    await expectOrder(r, order);
  }
  toString = () => `overShip(#${this.index})`;
}

// ---------------------------------------------------------------------------------------------
// Invoices, credit notes, receipts

const uncredited = { id: "", creditedQuantity: 0n, creditedNet: 0n, creditedTax: 0n };
const invoiceable = (m: OrderToCashModel) => m.orders.filter((order) => order.lines.some((line) => line.shipped > line.invoiced));

export class InvoiceOrder implements Command {
  constructor(readonly index: number) {}
  check = (m: Readonly<OrderToCashModel>) => invoiceable(m as OrderToCashModel).length > 0;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const order = pick(invoiceable(m), this.index);
    if (!order) return;
    count(r, m, false, "InvoiceOrder");
    const invoice = await r.client.sales.invoices.create.mutate({ order_id: order.id });
    const lines: ModelInvoiceLine[] = [];
    for (const [position, line] of order.lines.entries()) {
      const billed = line.shipped - line.invoiced;
      if (billed === 0n) continue;
      const net = times(billed, line.unitPrice);
      const taxRate = m.products[line.product]?.taxRate ?? 0n;
      lines.push({ ...uncredited, orderLine: position, product: line.product, quantity: billed, net, tax: invoiceLineTax(net, taxRate) });
      line.invoiced = line.shipped;
    }
    if (!order.shippingBilled && order.shipping > 0n) {
      lines.push({ ...uncredited, orderLine: null, product: null, quantity: ONE, net: order.shipping, tax: 0n });
      order.shippingBilled = true;
    }
    const total = sum(lines.map((line) => line.net + line.tax));
    expect(
      {
        status: invoice.status,
        total: invoice.grand_total,
        lines: invoice.lines.map((line) => [line.order_item_id, line.quantity, line.tax_amount, line.line_total]),
      },
      `invoice of order ${order.number}`,
    ).toEqual({
      status: "issued",
      total: text(total),
      lines: lines.map((line) => [
        line.orderLine === null ? null : (order.lines[line.orderLine]?.id ?? ""),
        text(line.quantity),
        text(line.tax),
        text(line.net + line.tax),
      ]),
    });
    for (const [position, line] of lines.entries()) {
      line.id = invoice.lines[position]?.id ?? "";
    }
    m.invoices.push({
      id: invoice.id,
      number: invoice.invoice_number,
      order: m.orders.indexOf(order),
      customer: order.customer,
      lines,
      total,
      paid: 0n,
      credited: 0n,
      status: "issued",
    });
    await expectOrder(r, order);
  }
  toString = () => `invoice(#${this.index})`;
}

/** Deliberate refusal: an order with nothing shipped that is not invoiced yet. */
export class InvoiceNothing implements Command {
  constructor(readonly index: number) {}
  private targets = (m: OrderToCashModel) =>
    m.orders.filter((order) => order.status !== "cancelled" && order.lines.every((line) => line.shipped === line.invoiced));
  check = (m: Readonly<OrderToCashModel>) => this.targets(m as OrderToCashModel).length > 0;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const order = pick(this.targets(m), this.index);
    if (!order) return;
    count(r, m, true, "InvoiceNothing");
    expect(await expectCode(r.client.sales.invoices.create.mutate({ order_id: order.id }), "CONFLICT")).toMatch(
      /has nothing shipped that is not invoiced yet/,
    );
  }
  toString = () => `invoiceNothing(#${this.index})`;
}

/** The invoice line and whole quantity a credit note takes: the largest quantity up to the asked one whose credit fits the open amount. */
function creditChoice(
  m: OrderToCashModel,
  index: number,
  share: number,
  fits: boolean,
): { invoice: ModelInvoice; line: ModelInvoiceLine; quantity: bigint; net: bigint; tax: bigint } | undefined {
  const choices: { invoice: ModelInvoice; line: ModelInvoiceLine; quantity: bigint; net: bigint; tax: bigint }[] = [];
  for (const invoice of m.invoices) {
    const open = OrderToCashModel.open(invoice);
    for (const line of invoice.lines) {
      const left = whole(line.quantity - line.creditedQuantity);
      if (left === 0) continue;
      if (fits) {
        for (let quantity = 1 + (share % left); quantity >= 1; quantity--) {
          const credit = creditOfLine(line, BigInt(quantity) * ONE);
          if (credit.net + credit.tax <= open && credit.net + credit.tax > 0n) {
            choices.push({ invoice, line, quantity: BigInt(quantity) * ONE, ...credit });
            break;
          }
        }
      } else {
        for (let quantity = 1; quantity <= left; quantity++) {
          const credit = creditOfLine(line, BigInt(quantity) * ONE);
          if (credit.net + credit.tax > open) {
            choices.push({ invoice, line, quantity: BigInt(quantity) * ONE, ...credit });
            break;
          }
        }
      }
    }
  }
  return pick(choices, index);
}

export class CreditInvoice implements Command {
  constructor(
    readonly index: number,
    readonly share: number,
    readonly restock: boolean,
  ) {}
  check = (m: Readonly<OrderToCashModel>) => creditChoice(m as OrderToCashModel, this.index, this.share, true) !== undefined;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const choice = creditChoice(m, this.index, this.share, true);
    if (!choice) return;
    const { invoice, line, quantity, net, tax } = choice;
    count(r, m, false, "CreditInvoice");
    const note = await r.client.sales.creditNotes.create.mutate({
      invoice_id: invoice.id,
      lines: [{ invoice_item_id: line.id, quantity: whole(quantity) }],
      reason: "model test",
      restock: this.restock,
    });
    expect([note.subtotal, note.tax_total, note.amount], `credit note on ${invoice.number}`).toEqual([
      text(net),
      text(tax),
      text(net + tax),
    ]);
    line.creditedQuantity += quantity;
    line.creditedNet += net;
    line.creditedTax += tax;
    invoice.credited += net + tax;
    if (invoice.paid + invoice.credited === invoice.total) invoice.status = "paid";
    await expectInvoice(r, invoice);
    const orderLine = line.orderLine === null ? undefined : m.orders[invoice.order]?.lines[line.orderLine];
    if (this.restock && orderLine) {
      const stock = m.stock[orderLine.product];
      if (!stock) return;
      receiveIntoStock(stock, quantity, returnCost(orderLine, stock));
      await expectStock(r, m, orderLine.product);
    }
  }
  toString = () => `credit(#${this.index}, share ${this.share}${this.restock ? ", restock" : ""})`;
}

/** Deliberate refusal: crediting more of a line than is left (BAD_REQUEST), or more than is open (CONFLICT). */
export class OverCredit implements Command {
  constructor(
    readonly index: number,
    readonly pastOpen: boolean,
  ) {}
  check = (m: Readonly<OrderToCashModel>) =>
    this.pastOpen ? creditChoice(m as OrderToCashModel, this.index, 0, false) !== undefined : m.invoices.length > 0;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    count(r, m, true, "OverCredit");
    if (this.pastOpen) {
      const choice = creditChoice(m, this.index, 0, false);
      if (!choice) return;
      const refused = r.client.sales.creditNotes.create.mutate({
        invoice_id: choice.invoice.id,
        lines: [{ invoice_item_id: choice.line.id, quantity: whole(choice.quantity) }],
        reason: "too much",
      });
      expect(await expectCode(refused, "CONFLICT")).toMatch(/exceeds what is open on invoice/);
      await expectInvoice(r, choice.invoice);
      return;
    }
    const invoice = pick(m.invoices, this.index);
    const line = invoice && pick(invoice.lines, this.index);
    if (!invoice || !line) return;
    const refused = r.client.sales.creditNotes.create.mutate({
      invoice_id: invoice.id,
      lines: [{ invoice_item_id: line.id, quantity: whole(line.quantity - line.creditedQuantity) + 1 }],
      reason: "too many",
    });
    expect(await expectCode(refused, "BAD_REQUEST")).toMatch(/is left to credit on invoice/);
    await expectInvoice(r, invoice);
  }
  toString = () => `overCredit(#${this.index}, ${this.pastOpen ? "past the open amount" : "past the line"})`;
}

const payable = (m: OrderToCashModel, customer: number) =>
  m.invoices.filter((invoice) => invoice.customer === customer && OrderToCashModel.open(invoice) > 0n);

/** Money from a customer allocated to one or two of their open invoices, each all or part of what is open. */
export class ReceivePayment implements Command {
  constructor(
    readonly customer: number,
    readonly index: number,
    readonly two: boolean,
    readonly shares: readonly [number, number],
  ) {}
  check = (m: Readonly<OrderToCashModel>) => payable(m as OrderToCashModel, this.customer).length > 0;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const candidates = payable(m, this.customer);
    const first = pick(candidates, this.index);
    const second = this.two ? candidates.find((invoice) => invoice !== first) : undefined;
    const chosen = [first, second].filter((invoice) => invoice !== undefined);
    // A share of 0 pays everything; otherwise share % of the open amount in cents, at least a cent.
    const allocations = chosen.map((invoice, position) => {
      const open = OrderToCashModel.open(invoice);
      const share = this.shares[position] ?? 0;
      const part = share === 0 ? open : min(open, ((open * BigInt(share)) / 100n / 100n) * 100n || 100n);
      return { invoice, amount: part };
    });
    count(r, m, false, "ReceivePayment");
    const total = sum(allocations.map((allocation) => allocation.amount));
    const receipt = await r.client.sales.receipts.create.mutate({
      customer_id: r.customers[this.customer] ?? "",
      amount: text(total),
      allocations: allocations.map((allocation) => ({ invoice_id: allocation.invoice.id, amount: text(allocation.amount) })),
    });
    expect(receipt.amount).toBe(text(total));
    m.receiptTotal += total;
    for (const { invoice, amount } of allocations) {
      invoice.paid += amount;
      invoice.status = invoice.paid + invoice.credited === invoice.total ? "paid" : "partially_paid";
      await expectInvoice(r, invoice);
    }
  }
  toString = () => `receipt(customer ${this.customer}, #${this.index}${this.two ? " and another" : ""}, shares ${this.shares.join("/")})`;
}

/** Deliberate refusal: a cent more than is open on an invoice. */
export class OverAllocate implements Command {
  constructor(readonly index: number) {}
  check = (m: Readonly<OrderToCashModel>) => m.invoices.length > 0;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const invoice = pick(m.invoices, this.index);
    if (!invoice) return;
    count(r, m, true, "OverAllocate");
    const amount = text(OrderToCashModel.open(invoice) + 100n);
    const refused = r.client.sales.receipts.create.mutate({
      customer_id: r.customers[invoice.customer] ?? "",
      amount,
      allocations: [{ invoice_id: invoice.id, amount }],
    });
    expect(await expectCode(refused, "CONFLICT")).toMatch(/cannot be allocated to it/);
    await expectInvoice(r, invoice);
  }
  toString = () => `overAllocate(#${this.index})`;
}

// ---------------------------------------------------------------------------------------------
// Stock

export class ReceiveStock implements Command {
  constructor(
    readonly product: number,
    readonly quantity: number,
    readonly costCents: number,
  ) {}
  check = () => true;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const ids = r.products[this.product];
    const stock = m.stock[this.product];
    if (!ids || !stock) return;
    count(r, m, false, "ReceiveStock");
    const unitCost = units((this.costCents / 100).toFixed(2));
    await r.client.inventory.stock.receive.mutate({
      product_id: ids.productId,
      product_variant_id: ids.variantId,
      warehouse_id: r.warehouseId,
      quantity: this.quantity,
      unit_cost: text(unitCost),
    });
    receiveIntoStock(stock, BigInt(this.quantity) * ONE, unitCost);
    await expectStock(r, m, this.product);
  }
  toString = () => `receiveStock(p${this.product}, ${this.quantity} at ${(this.costCents / 100).toFixed(2)})`;
}

/** A signed correction of the quantity on hand; below what is reserved it must be refused (CONFLICT). */
export class AdjustStock implements Command {
  constructor(
    readonly product: number,
    readonly change: number,
  ) {}
  check = () => this.change !== 0;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const ids = r.products[this.product];
    const stock = m.stock[this.product];
    if (!ids || !stock) return;
    const change = BigInt(this.change) * ONE;
    const fits = m.available(this.product) + change >= 0n;
    count(r, m, !fits, "AdjustStock");
    const adjusted = r.client.inventory.stock.adjust.mutate({
      product_id: ids.productId,
      product_variant_id: ids.variantId,
      warehouse_id: r.warehouseId,
      quantity_change: this.change,
      note: "count",
    });
    if (!fits) {
      expect(await expectCode(adjusted, "CONFLICT")).toMatch(/insufficient stock/);
    } else {
      await adjusted;
      // Added units enter at the current average, removed ones leave at it: the average stays.
      stock.onHand += change;
    }
    await expectStock(r, m, this.product);
  }
  toString = () => `adjustStock(p${this.product}, ${this.change > 0 ? "+" : ""}${this.change})`;
}

// ---------------------------------------------------------------------------------------------
// Books

export type JournalDate = "today" | "openPast" | "closablePast";

/** A manual journal, Dr expense / Cr bank, created and posted; dated into the closed period, posting is refused. */
export class PostManualJournal implements Command {
  constructor(
    readonly when: JournalDate,
    readonly cents: number,
  ) {}
  check = () => true;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    const date = { today: r.today, openPast: r.openPastDate, closablePast: r.closablePeriod.date }[this.when];
    const amount = text(BigInt(this.cents) * 100n);
    const refused = this.when === "closablePast" && m.closedPeriod;
    count(r, m, refused, "PostManualJournal");
    const draft = await r.client.finance.journals.create.mutate({
      date,
      description: "Model test accrual",
      lines: [
        { account_id: r.accounts.expense, debit: amount },
        { account_id: r.accounts.bank, credit: amount },
      ],
    });
    expect(draft.status).toBe("draft");
    if (refused) {
      expect(await expectCode(r.client.finance.journals.post.mutate({ id: draft.id }), "BAD_REQUEST")).toMatch(
        /cannot be posted: its fiscal period is not open/,
      );
      await r.client.finance.journals.remove.mutate({ id: draft.id });
      return;
    }
    const posted = await r.client.finance.journals.post.mutate({ id: draft.id });
    expect([posted.status, posted.entry_date]).toEqual(["posted", date]);
    expect(posted.lines.map((line) => [line.debit, line.credit])).toEqual([
      [amount, "0.0000"],
      ["0.0000", amount],
    ]);
    m.manualJournalTotal += BigInt(this.cents) * 100n;
  }
  toString = () => `manualJournal(${this.when}, ${(this.cents / 100).toFixed(2)})`;
}

export class ClosePeriod implements Command {
  check = (m: Readonly<OrderToCashModel>) => !m.closedPeriod;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    count(r, m, false, "ClosePeriod");
    const closed = await r.client.finance.periods.close.mutate({ id: r.closablePeriod.id });
    expect(closed.status).toBe("closed");
    m.closedPeriod = true;
  }
  toString = () => "closePeriod()";
}

export class ReopenPeriod implements Command {
  check = (m: Readonly<OrderToCashModel>) => m.closedPeriod;
  async run(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
    count(r, m, false, "ReopenPeriod");
    const reopened = await r.client.finance.periods.reopen.mutate({ id: r.closablePeriod.id });
    expect(reopened.status).toBe("open");
    m.closedPeriod = false;
  }
  toString = () => "reopenPeriod()";
}

// ---------------------------------------------------------------------------------------------

const index = fc.nat({ max: 1_000 });
const product = fc.nat({ max: 2 });
const customer = fc.nat({ max: 2 });

/**
 * The command set, weighted towards what moves documents along (creating and shipping orders,
 * invoicing, paying) so that long sequences reach invoices, credits and receipts often.
 */
export const orderToCashCommands: fc.Arbitrary<Command>[] = [
  ...Array.from({ length: 3 }, () =>
    fc
      .tuple(
        customer,
        fc.uniqueArray(fc.record({ product, quantity: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 1,
          maxLength: 3,
          selector: (line) => line.product,
        }),
        fc.boolean(),
      )
      .map(([who, lines, shipping]) => new CreateOrder(who, lines, shipping)),
  ),
  index.map((at) => new ConfirmOrder(at)),
  index.map((at) => new ConfirmOrder(at)),
  index.map((at) => new CancelOrder(at)),
  // Mostly partial shipments; one in four ships everything left through sales.orders.ship.
  ...Array.from({ length: 2 }, () =>
    fc
      .tuple(index, fc.array(fc.nat({ max: 5 }), { minLength: 3, maxLength: 3 }), fc.nat({ max: 3 }))
      .map(([at, shares, way]) => new ShipOrder(at, shares, way === 0)),
  ),
  index.map((at) => new OverShip(at)),
  index.map((at) => new InvoiceOrder(at)),
  index.map((at) => new InvoiceOrder(at)),
  index.map((at) => new InvoiceNothing(at)),
  fc.tuple(index, fc.nat({ max: 4 }), fc.boolean()).map(([at, share, restock]) => new CreditInvoice(at, share, restock)),
  fc.tuple(index, fc.boolean()).map(([at, pastOpen]) => new OverCredit(at, pastOpen)),
  ...Array.from({ length: 2 }, () =>
    fc
      .tuple(customer, index, fc.boolean(), fc.tuple(fc.nat({ max: 99 }), fc.nat({ max: 99 })))
      .map(([who, at, two, shares]) => new ReceivePayment(who, at, two, shares)),
  ),
  index.map((at) => new OverAllocate(at)),
  fc
    .tuple(product, fc.integer({ min: 1, max: 15 }), fc.integer({ min: 50, max: 2_000 }))
    .map(([which, quantity, cents]) => new ReceiveStock(which, quantity, cents)),
  fc.tuple(product, fc.integer({ min: -4, max: 4 })).map(([which, change]) => new AdjustStock(which, change)),
  fc
    .tuple(fc.constantFrom<JournalDate>("today", "openPast", "closablePast"), fc.integer({ min: 1, max: 50_000 }))
    .map(([when, cents]) => new PostManualJournal(when, cents)),
  fc.constant(new ClosePeriod()),
  fc.constant(new ReopenPeriod()),
];

/**
 * A sequence of `minLength` to `maxLength` commands. fc.commands has no minimum length and keeps
 * most sequences short; the model test needs long ones (documents pile up and interact), so this
 * is a plain array of commands, which fc.asyncModelRun runs the same way (a command whose check
 * fails on the model is skipped).
 */
export function orderToCashSequence(minLength: number, maxLength: number): fc.Arbitrary<Command[]> {
  return fc.array(fc.oneof(...orderToCashCommands), { minLength, maxLength });
}

/**
 * After a sequence: every invoice, order and stock row as the model has them; the books balance
 * and hold what the documents say (receivables = open invoices, per customer too; the manual
 * journals in expense; receipts less journals in the bank; inventory at the stock's worth); every rule of checkInvariants holds.
 */
export async function checkOrderToCash(m: OrderToCashModel, r: OrderToCashReal): Promise<void> {
  const { client } = r;
  const invoices = new Map<string, { grand_total: string; amount_paid: string; amount_credited: string; status: string }>();
  for (let cursor: string | undefined, page = 0; page === 0 || cursor; page++) {
    const result = await client.sales.invoices.list.query({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const row of result.items) invoices.set(row.id, row);
    cursor = result.nextCursor ?? undefined;
  }
  expect(invoices.size, "invoices").toBe(m.invoices.length);
  for (const invoice of m.invoices) {
    const row = invoices.get(invoice.id);
    expect([row?.status, row?.grand_total, row?.amount_paid, row?.amount_credited], `invoice ${invoice.number}`).toEqual([
      invoice.status,
      text(invoice.total),
      text(invoice.paid),
      text(invoice.credited),
    ]);
  }
  // Statuses of every order in one list (each order's lines were compared whenever a command touched them).
  const statuses = new Map<string, string>();
  for (let cursor: string | undefined, page = 0; page === 0 || cursor; page++) {
    const result = await client.sales.orders.list.query({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const row of result.items) statuses.set(row.id, row.status);
    cursor = result.nextCursor ?? undefined;
  }
  expect(
    m.orders.map((order) => [order.number, statuses.get(order.id)]),
    "order statuses",
  ).toEqual(m.orders.map((order) => [order.number, order.status]));
  for (const [product] of m.stock.entries()) await expectStock(r, m, product);

  const trial = await client.finance.reports.trialBalance.query({});
  expect([trial.balanced, trial.totals.debit], "trial balance: balanced, debits = credits").toEqual([true, trial.totals.credit]);
  const net = (accountId: string) => {
    const row = trial.accounts.find((account) => account.account_id === accountId);
    return row ? units(row.debit_balance) - units(row.credit_balance) : 0n;
  };
  const books = {
    receivable: text(net(r.accounts.receivable)),
    expense: text(net(r.accounts.expense)),
    bank: text(net(r.accounts.bank)),
    inventory: text(net(r.accounts.inventory)),
  };
  const expected = {
    receivable: text(m.receivable()),
    expense: text(m.manualJournalTotal),
    bank: text(m.receiptTotal - m.manualJournalTotal),
    inventory: text(m.inventoryWorth()),
  };
  expect(books, "ledger balances against the model").toEqual(expected);
  const sheet = await client.finance.reports.balanceSheet.query({ as_of: r.today });
  expect(sheet.balances, "balance sheet: assets = liabilities + equity + result").toBe(true);
  for (const [position, customerId] of r.customers.entries()) {
    const statement = await client.sales.customers.statement.query({ customer_id: customerId });
    expect(statement.closing_balance, `statement of customer ${position}`).toBe(text(m.receivable(position)));
  }

  const rules = await r.invariants();
  const failing = rules.filter((rule) => !rule.ok);
  expect(
    failing.map((rule) => `${rule.name}: ${rule.detail}`),
    "every invariant holds",
  ).toEqual([]);
  expect(rules.length).toBeGreaterThan(0);
}
