import type { Volumes } from "../tiers/tierSpec.ts";

export type OrderStatus = "confirmed" | "shipped" | "delivered" | "cancelled";

/** Which sales channel an order came through (channels links web and dealer orders when the tier has it). */
export type OrderChannel = "web" | "dealer" | "direct";

export type OrderShape = {
  index: number;
  status: OrderStatus;
  customer: number;
  channel: OrderChannel;
  /** Days before the base day the order was placed: one order a day, newest 10 days ago (shipped and delivered since). */
  daysBefore: number;
  /** Distinct products per order, each line one variant. */
  lines: { product: number; variant: number }[];
};

export const variantsPerProduct = 2;
const historyDays = 60;
const newestOrderDaysBefore = 10;
/** The sales period the rollups rank products over starts this many days before the base day. */
export const historyStartDaysBefore = newestOrderDaysBefore + historyDays;

/**
 * The structure of the orders (status, customer, lines, day), decided by position, not by chance:
 * the random part of an order is its values (quantities, prices, times). So the row counts of a
 * tier are known in advance (demoDataPlan) for any seed, and every seed exercises every status.
 */
export function orderShapes(volumes: Volumes): OrderShape[] {
  const n = volumes.orders;
  let cursor = 0;
  return Array.from({ length: n }, (_, index) => {
    const age = n - 1 - index;
    const lineCount = 1 + (index % 3);
    const lines = Array.from({ length: lineCount }, (_, line) => ({
      product: (cursor + line) % volumes.products,
      variant: (index + line) % variantsPerProduct,
    }));
    cursor += lineCount;
    const customer = index % volumes.customers;
    return {
      index,
      status: index % 10 === 7 ? "cancelled" : age === 0 ? "confirmed" : age === 1 ? "shipped" : "delivered",
      customer,
      channel: customer < volumes.dealers ? "dealer" : index % 3 === 0 ? "web" : "direct",
      daysBefore: newestOrderDaysBefore + Math.floor((age * historyDays) / n),
      lines,
    };
  });
}

export const isShipped = (order: OrderShape) => order.status === "shipped" || order.status === "delivered";
/** Revenue counts every order that was not cancelled (rollups, customer metrics). */
export const isCounted = (order: OrderShape) => order.status !== "cancelled";

/** The status changes an order went through to reach its status (order_status_history). */
export const statusTransitions: Record<OrderStatus, readonly [from: OrderStatus | null, to: OrderStatus][]> = {
  confirmed: [[null, "confirmed"]],
  shipped: [
    [null, "confirmed"],
    ["confirmed", "shipped"],
  ],
  delivered: [
    [null, "confirmed"],
    ["confirmed", "shipped"],
    ["shipped", "delivered"],
  ],
  cancelled: [[null, "cancelled"]],
};
