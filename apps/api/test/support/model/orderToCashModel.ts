import { divideRounded, sum, times } from "./money.ts";

/**
 * What the order-to-cash model believes the tenant holds: every figure in whole ten-thousandths
 * (see money.ts), every document with the id the API gave it. Commands change it the way the API
 * should change the tenant, and compare the two.
 */
export type OrderStatus = "draft" | "confirmed" | "partially_shipped" | "shipped" | "cancelled";
export type InvoiceStatus = "issued" | "partially_paid" | "paid";

export type ModelOrderLine = {
  id: string;
  product: number;
  ordered: bigint;
  shipped: bigint;
  invoiced: bigint;
  /** Σ quantity × unit cost of what shipped (the shipments' costs), for the cost a return comes back at. */
  shippedCost: bigint;
  unitPrice: bigint;
  net: bigint;
  tax: bigint;
};

export type ModelOrder = {
  id: string;
  number: string;
  customer: number;
  status: OrderStatus;
  lines: ModelOrderLine[];
  shipping: bigint;
  shippingBilled: boolean;
};

export type ModelInvoiceLine = {
  id: string;
  /** The order line it bills; null for the shipping line. */
  orderLine: number | null;
  product: number | null;
  quantity: bigint;
  net: bigint;
  tax: bigint;
  creditedQuantity: bigint;
  creditedNet: bigint;
  creditedTax: bigint;
};

export type ModelInvoice = {
  id: string;
  number: string;
  order: number;
  customer: number;
  lines: ModelInvoiceLine[];
  total: bigint;
  paid: bigint;
  credited: bigint;
  status: InvoiceStatus;
};

export type ModelStock = { onHand: bigint; reserved: bigint; averageCost: bigint };

export type ModelProduct = { unitPrice: bigint; taxRate: bigint };

export class OrderToCashModel {
  orders: ModelOrder[] = [];
  invoices: ModelInvoice[] = [];
  stock: ModelStock[];
  /** Σ of the posted manual journals (Dr expense / Cr bank). */
  manualJournalTotal = 0n;
  receiptTotal = 0n;
  closedPeriod = false;
  /** Commands run against the API (refusals included). */
  operations = 0;

  constructor(
    readonly products: readonly ModelProduct[],
    /** Each customer's credit limit (0: none). */
    readonly creditLimits: readonly bigint[],
  ) {
    this.stock = products.map(() => ({ onHand: 0n, reserved: 0n, averageCost: 0n }));
  }

  available(product: number): bigint {
    const stock = this.stock[product];
    return stock ? stock.onHand - stock.reserved : 0n;
  }

  static open(invoice: ModelInvoice): bigint {
    return invoice.total - invoice.paid - invoice.credited;
  }

  /** What customer `customer` owes: the open amounts of their invoices (the receivable account per customer). */
  receivable(customer?: number): bigint {
    return sum(
      this.invoices
        .filter((invoice) => customer === undefined || invoice.customer === customer)
        .map((invoice) => OrderToCashModel.open(invoice)),
    );
  }

  /**
   * Credit control on confirming `order`: open invoices (issued or partially paid) + confirmed or
   * partially shipped orders without an invoice + this order's total, against the customer's limit.
   */
  overCreditLimit(order: ModelOrder): boolean {
    const limit = this.creditLimits[order.customer] ?? 0n;
    if (limit === 0n) return false;
    const invoiced = new Set(this.invoices.map((invoice) => invoice.order));
    const openOrders = this.orders.filter(
      (other, position) =>
        other !== order &&
        other.customer === order.customer &&
        (other.status === "confirmed" || other.status === "partially_shipped") &&
        !invoiced.has(position),
    );
    const exposure = this.receivable(order.customer) + sum(openOrders.map(orderTotal)) + orderTotal(order);
    return exposure > limit;
  }

  /** round(on hand × average, 4) over every stock row: what the inventory account must hold. */
  inventoryWorth(): bigint {
    return sum(this.stock.map((row) => times(row.onHand, row.averageCost)));
  }
}

export const orderTotal = (order: ModelOrder): bigint => sum(order.lines.map((line) => line.net + line.tax)) + order.shipping;

/** The priced line of a new order: net = quantity × price, tax = round(net × rate / 100, 4). */
export function priceOrderLine(product: ModelProduct, quantity: bigint): { net: bigint; tax: bigint } {
  const net = times(quantity, product.unitPrice);
  return { net, tax: divideRounded(net * product.taxRate, 10n ** 6n) };
}

/** The tax of an invoice line: round(net × rate / 100, 2). */
export function invoiceLineTax(net: bigint, taxRate: bigint): bigint {
  return divideRounded(net * taxRate, 10n ** 8n) * 100n;
}

/**
 * What crediting `quantity` of an invoice line comes to: pro rata (net to 4 decimals, tax to 2),
 * and the last units of a line take exactly what is left of it.
 */
export function creditOfLine(line: ModelInvoiceLine, quantity: bigint): { net: bigint; tax: bigint } {
  if (quantity === line.quantity - line.creditedQuantity) {
    return { net: line.net - line.creditedNet, tax: line.tax - line.creditedTax };
  }
  return {
    net: divideRounded(line.net * quantity, line.quantity),
    tax: divideRounded(line.tax * quantity, line.quantity * 100n) * 100n,
  };
}

/** Incoming units at `unitCost`: the moving average round((worth + quantity × cost) / (on hand + quantity), 4). */
export function receiveIntoStock(stock: ModelStock, quantity: bigint, unitCost: bigint): void {
  const worth = times(stock.onHand, stock.averageCost) + times(quantity, unitCost);
  stock.averageCost = divideRounded(worth * 10_000n, stock.onHand + quantity);
  stock.onHand += quantity;
}

/** The cost a returned line comes back at: the average of what its shipments recorded (every shipped line has some). */
export function returnCost(line: ModelOrderLine, stock: ModelStock): bigint {
  if (line.shipped === 0n) return stock.averageCost;
  return divideRounded(line.shippedCost * 10_000n, line.shipped);
}
