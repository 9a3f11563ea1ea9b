import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { Catalog } from "./catalog.ts";
import type { UnitContext } from "./context.ts";
import { decimal } from "./money.ts";
import { isCounted } from "./orderShapes.ts";
import type { Order, Sales } from "./sales.ts";

/** A customer with no order for this long (before the base day) is at risk of churning. */
const atRiskAfterDays = 45;

/**
 * Per-customer metrics (what the raw orders say: count, lifetime value, average, first and last
 * order) and a demand forecast per product for the month after the base day. The tenant-wide
 * daily rollups are computed per batch (salesRollups) because later batches add to the same days.
 */
export function generateAnalytics(ctx: UnitContext, catalog: Catalog, sales: Sales): void {
  const { faker, id, data, reference, calendar } = ctx;
  const computedAt = Calendar.at(calendar.base);
  for (const customer of sales.customers) {
    const orders = sales.orders.filter((order) => order.customer.id === customer.id && isCounted(order.shape));
    const lifetime = orders.reduce((total, order) => total + order.grandCents, 0);
    const first = orders[0]?.orderedAt ?? null;
    const last = orders.at(-1)?.orderedAt ?? null;
    const segment =
      orders.length === 0 ? "new" : (last as Date) < calendar.before(atRiskAfterDays) ? "at_risk" : orders.length >= 3 ? "loyal" : "active";
    data.add("customer_metrics", {
      id: id(),
      customer_id: customer.id,
      orders_count: orders.length,
      lifetime_value: decimal(lifetime),
      average_order_value: decimal(orders.length === 0 ? 0 : roundedDivision(lifetime, orders.length)),
      currency: "USD",
      first_order_at: first && Calendar.at(first),
      last_order_at: last && Calendar.at(last),
      segment,
      computed_at: computedAt,
    });
  }
  const baseline = byCode(reference.scenarios, "BASE", "scenario");
  const periodStart = Calendar.day(calendar.base);
  for (const product of catalog.products) {
    data.add("forecasts", {
      id: id(),
      product_id: product.id,
      warehouse_id: reference.warehouses[0]?.id ?? null,
      scenario_id: baseline.id,
      period_start: periodStart,
      period_end: Calendar.addDays(periodStart, 29),
      forecast_quantity: String(faker.number.int({ min: 2, max: 40 })),
      method: "moving_average",
      confidence: `${faker.number.int({ min: 60, max: 95 })}.0000`,
      status: "published",
      generated_at: computedAt,
    });
  }
}

/** a / b rounded half up, for non-negative whole numbers. */
function roundedDivision(a: number, b: number): number {
  return Number((2n * BigInt(a) + BigInt(b)) / (2n * BigInt(b)));
}

export type DaySales = { day: string; orders: number; units: number; grossCents: number; discountCents: number };
/** A day's sales of one channel (`key`) or one customer. */
export type KeyedDaySales = DaySales & { key: string };
export type ProductDaySales = { day: string; productId: string; orders: number; units: number; revenueCents: number };

/**
 * Daily sales (all channels, per channel of the attributed orders, per customer) and sales per
 * product and day, from the orders that were not cancelled (gross = quantity × price, revenue net
 * of discounts, both before tax and shipping), by the UTC day ordered. `channelOf` maps an order
 * to the channel it is attributed to (order_attributions).
 */
export function salesRollups(
  orders: readonly Order[],
  channelOf: ReadonlyMap<string, string> = new Map(),
): { days: DaySales[]; channelDays: KeyedDaySales[]; customerDays: KeyedDaySales[]; productDays: ProductDaySales[] } {
  const days = new Map<string, DaySales>();
  const channelDays = new Map<string, KeyedDaySales>();
  const customerDays = new Map<string, KeyedDaySales>();
  const productDays = new Map<string, ProductDaySales>();
  const dayOf = <T extends DaySales>(map: Map<string, T>, key: string, fresh: () => T): T => {
    const found = map.get(key) ?? fresh();
    map.set(key, found);
    return found;
  };
  for (const order of orders) {
    if (!isCounted(order.shape)) continue;
    const day = Calendar.day(order.orderedAt);
    const channel = channelOf.get(order.id);
    const totals = [
      dayOf(days, day, () => ({ day, orders: 0, units: 0, grossCents: 0, discountCents: 0 })),
      dayOf(customerDays, `${day}|${order.customer.id}`, () => ({
        day,
        key: order.customer.id,
        orders: 0,
        units: 0,
        grossCents: 0,
        discountCents: 0,
      })),
      ...(channel
        ? [dayOf(channelDays, `${day}|${channel}`, () => ({ day, key: channel, orders: 0, units: 0, grossCents: 0, discountCents: 0 }))]
        : []),
    ];
    for (const daySales of totals) daySales.orders += 1;
    const seen = new Set<string>();
    for (const line of order.lines) {
      for (const daySales of totals) {
        daySales.units += line.quantity;
        daySales.grossCents += line.quantity * line.unitCents;
        daySales.discountCents += line.discountCents;
      }
      const key = `${day}|${line.variant.productId}`;
      const productDay = productDays.get(key) ?? { day, productId: line.variant.productId, orders: 0, units: 0, revenueCents: 0 };
      productDays.set(key, productDay);
      if (!seen.has(key)) productDay.orders += 1;
      seen.add(key);
      productDay.units += line.quantity;
      productDay.revenueCents += line.quantity * line.unitCents - line.discountCents;
    }
  }
  return {
    days: [...days.values()],
    channelDays: [...channelDays.values()],
    customerDays: [...customerDays.values()],
    productDays: [...productDays.values()],
  };
}
