import type { ErpClient } from "@erp/client";
import fc from "fast-check";
import { expect } from "vitest";
import { expectCode } from "../expectCode.ts";
import type { ModelRunStats } from "./reportModelRun.ts";

/**
 * Commands of the analytics model: orders placed (with one or two lines), confirmed, cancelled,
 * attributed and re-attributed to channels; the rollups refreshed over today; KPIs evaluated; reads
 * of the rollups compared with the model's revenue per day, channel, customer and product; and a
 * refresh or an evaluation with a reversed range, which must be refused. Indexes pick among what
 * exists when the command runs (an order index past the end picks nothing and the command skips).
 */
export type AnalyticsCommand =
  | { kind: "place"; customer: number; lines: { product: number; quantity: number }[]; channel: number | null }
  | { kind: "confirm"; order: number }
  | { kind: "cancel"; order: number }
  | { kind: "attribute"; order: number; channel: number }
  | { kind: "refresh" }
  | { kind: "evaluate"; metric: "net_revenue" | "orders_count" | "average_order_value"; channel: number | null }
  | { kind: "read"; dimension: "total" | "channel" | "customer" | "product" }
  | { kind: "reversed" };

/** The model: the orders as the API should hold them; prices in cents. */
export type AnalyticsModel = {
  orders: {
    id: string;
    customer: number;
    cents: Map<number, number>;
    units: number;
    status: "draft" | "confirmed" | "cancelled";
    channel: number | null;
  }[];
};

export type AnalyticsReal = {
  client: ErpClient;
  customers: string[];
  products: { id: string; cents: number }[];
  channels: string[];
  definitions: Record<string, string>;
  today: string;
  stats: ModelRunStats;
};

export const productCount = 3;
export const customerCount = 3;
export const channelCount = 2;

export function analyticsSequence(min: number, max: number): fc.Arbitrary<AnalyticsCommand[]> {
  const index = fc.nat({ max: 30 });
  const command: fc.Arbitrary<AnalyticsCommand> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("place" as const),
        customer: fc.nat({ max: customerCount - 1 }),
        lines: fc.uniqueArray(fc.record({ product: fc.nat({ max: productCount - 1 }), quantity: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 1,
          maxLength: 2,
          selector: (line) => line.product,
        }),
        channel: fc.option(fc.nat({ max: channelCount - 1 }), { nil: null }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("confirm" as const), order: index }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("cancel" as const), order: index }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("attribute" as const), order: index, channel: fc.nat({ max: channelCount - 1 }) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("refresh" as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("evaluate" as const),
        metric: fc.constantFrom("net_revenue" as const, "orders_count" as const, "average_order_value" as const),
        channel: fc.option(fc.nat({ max: channelCount - 1 }), { nil: null }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("read" as const),
        dimension: fc.constantFrom("total" as const, "channel" as const, "customer" as const, "product" as const),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("reversed" as const) }) },
  );
  return fc.array(command, { minLength: min, maxLength: max });
}

/** cents ÷ n in money units, rounded half up to 4 places, as PostgreSQL's round(…, 4) does (in whole ten-thousandths). */
function averageOf(cents: number, n: number): string {
  const tenThousandths = Math.floor((cents * 100 * 2 + n) / (2 * n));
  return `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, "0")}`;
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}00`;
const counted = (model: AnalyticsModel) => model.orders.filter((order) => order.status !== "cancelled");
const centsOf = (order: AnalyticsModel["orders"][number]) => [...order.cents.values()].reduce((total, cents) => total + cents, 0);

/** Runs one command against the API and the model; returns false when it did not apply (skipped). */
export async function runAnalyticsCommand(command: AnalyticsCommand, model: AnalyticsModel, real: AnalyticsReal): Promise<boolean> {
  const { client, today } = real;
  const count = () => {
    real.stats.operations += 1;
    real.stats.kinds[command.kind] = (real.stats.kinds[command.kind] ?? 0) + 1;
  };
  const range = { from: today, to: today };
  switch (command.kind) {
    case "place": {
      const order = await client.sales.orders.create.mutate({
        customer_id: real.customers[command.customer] ?? "",
        lines: command.lines.map((line) => ({ product_id: real.products[line.product]?.id ?? "", quantity: line.quantity })),
      });
      count();
      const cents = new Map(command.lines.map((line) => [line.product, (real.products[line.product]?.cents ?? 0) * line.quantity]));
      const units = command.lines.reduce((total, line) => total + line.quantity, 0);
      model.orders.push({ id: order.id, customer: command.customer, cents, units, status: "draft", channel: null });
      if (command.channel !== null) {
        await client.channels.attribution.set.mutate({ order_id: order.id, channel_id: real.channels[command.channel] ?? "" });
        count();
        (model.orders.at(-1) as AnalyticsModel["orders"][number]).channel = command.channel;
      }
      return true;
    }
    case "confirm": {
      const order = model.orders[command.order];
      if (order?.status !== "draft") return false;
      await client.sales.orders.confirm.mutate({ id: order.id });
      count();
      order.status = "confirmed";
      return true;
    }
    case "cancel": {
      const order = model.orders[command.order];
      if (!order || order.status === "cancelled") return false;
      await client.sales.orders.cancel.mutate({ id: order.id, note: "model" });
      count();
      order.status = "cancelled";
      return true;
    }
    case "attribute": {
      const order = model.orders[command.order];
      if (!order) return false;
      await client.channels.attribution.set.mutate({ order_id: order.id, channel_id: real.channels[command.channel] ?? "" });
      count();
      order.channel = command.channel;
      return true;
    }
    case "refresh": {
      // The operations kept the rollups equal to the orders: a refresh finds nothing to change.
      const result = await client.analytics.rollups.refresh.mutate(range);
      count();
      const nothing = { inserted: 0, updated: 0, deleted: 0 };
      expect([result.daily_sales, result.product_sales_daily, result.customer_sales_daily, result.customer_metrics]).toEqual([
        nothing,
        nothing,
        nothing,
        nothing,
      ]);
      return true;
    }
    case "evaluate": {
      const channelId = command.channel === null ? undefined : real.channels[command.channel];
      const value = await client.analytics.kpis.evaluate.mutate({
        kpi_definition_id: real.definitions[command.metric] ?? "",
        period_start: today,
        period_end: today,
        channel_id: channelId,
      });
      count();
      const orders = counted(model).filter((order) => command.channel === null || order.channel === command.channel);
      const cents = orders.reduce((total, order) => total + centsOf(order), 0);
      const expected =
        command.metric === "net_revenue"
          ? money(cents)
          : command.metric === "orders_count"
            ? `${orders.length}.0000`
            : orders.length === 0
              ? "0.0000"
              : averageOf(cents, orders.length);
      expect(value.value).toBe(expected);
      return true;
    }
    case "read": {
      const { items } = await client.analytics.rollups.sales.query({ ...range, dimension: command.dimension, limit: 100 });
      count();
      const expected = new Map<string | null, { orders: number; cents: number }>();
      const add = (key: string | null, orders: number, cents: number) => {
        const found = expected.get(key) ?? { orders: 0, cents: 0 };
        expected.set(key, { orders: found.orders + orders, cents: found.cents + cents });
      };
      for (const order of counted(model)) {
        if (command.dimension === "total") add(null, 1, centsOf(order));
        if (command.dimension === "channel" && order.channel !== null) add(real.channels[order.channel] ?? "", 1, centsOf(order));
        if (command.dimension === "customer") add(real.customers[order.customer] ?? "", 1, centsOf(order));
        if (command.dimension === "product") for (const [product, cents] of order.cents) add(real.products[product]?.id ?? "", 1, cents);
      }
      const actual = new Map(
        items.map((row) => [row.key, { orders: row.orders_count ?? -1, cents: Math.round(Number(row.net_revenue) * 100) }]),
      );
      expect(actual).toEqual(expected);
      return true;
    }
    case "reversed": {
      const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await expectCode(client.analytics.rollups.refresh.mutate({ from: today, to: yesterday }), "BAD_REQUEST");
      count();
      real.stats.refusals += 1;
      return true;
    }
  }
}

/** After a sequence: the total revenue of today as the model says it, through the rollups and the KPI. */
export async function checkAnalytics(model: AnalyticsModel, real: AnalyticsReal): Promise<void> {
  const cents = counted(model).reduce((total, order) => total + centsOf(order), 0);
  const { items } = await real.client.analytics.rollups.sales.query({ from: real.today, to: real.today, dimension: "total" });
  expect(items[0]?.net_revenue ?? "0.0000").toBe(money(cents));
  const units = counted(model).reduce((total, order) => total + order.units, 0);
  expect(items[0]?.units_sold ?? "0.0000").toBe(`${units}.0000`);
}
