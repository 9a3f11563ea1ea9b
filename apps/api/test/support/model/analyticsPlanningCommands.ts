import type { ErpClient } from "@erp/client";
import { errorCode } from "@erp/client";
import { planning } from "@erp/erp";
import { expect } from "vitest";
import type { ModelRunStats } from "./reportModelRun.ts";

/**
 * A model of analytics planning for the model-based test: what was sold (orders of today, some
 * cancelled), the stock on hand and reserved, the purchase orders still to come, and the forecasts,
 * demand plans and scenario projections the API must answer from them. Sales quantities are whole
 * units; forecasts come from the method itself (planning.forecastSeries) on the history the model
 * knows, so a stored line must equal it to the last decimal.
 */
export type ModelProduct = { id: string; category: number; vendor: boolean; onHand: number; reserved: number; safety: number };
export type ModelOrder = { id: string; product: number; quantity: number; cancelled: boolean };
export type ModelPurchaseOrder = { id: string; lineId: string; product: number; ordered: number; received: number; status: string };
export type ModelForecast = { id: string; period: planning.Period; products: number[]; lines: Map<number, string[]>; buckets: string[] };
export type ModelPlan = { id: string; status: string; suggested: Map<number, number> };
export type ModelScenario = {
  id: string;
  code: string;
  multipliers: Map<number | null, string>;
  /** The forecast it was last projected over, and the multipliers it was projected with. */
  forecast: ModelForecast | null;
  projectedWith: Map<number | null, string>;
};

export type Model = {
  products: ModelProduct[];
  orders: ModelOrder[];
  purchaseOrders: ModelPurchaseOrder[];
  forecasts: ModelForecast[];
  plans: ModelPlan[];
  scenarios: ModelScenario[];
};

export type World = {
  admin: ErpClient;
  vendorId: string;
  customerId: string;
  categoryIds: string[];
  stats: ModelRunStats;
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

/** numeric(18,4) text ↔ whole ten-thousandths. */
const tenThousandths = (text: string) => BigInt(Math.round(Number(text) * 10_000));
const decimal = (value: bigint) => `${value / 10_000n}.${(value % 10_000n).toString().padStart(4, "0")}`;
const sum = (values: readonly string[]) => decimal(values.reduce((total, value) => total + tenThousandths(value), 0n));
/** round(q × m, 4) for q, m ≥ 0, as PostgreSQL rounds numeric (half away from zero). */
const multiplied = (quantity: string, multiplier: string) =>
  decimal((tenThousandths(quantity) * tenThousandths(multiplier) + 5_000n) / 10_000n);

function count(world: World, kind: string, refused = false) {
  world.stats.operations++;
  if (refused) world.stats.refusals++;
  world.stats.kinds[kind] = (world.stats.kinds[kind] ?? 0) + 1;
}

async function refused(call: Promise<unknown>, code: string): Promise<string> {
  const error = await call.then(
    () => new Error(`expected ${code}`),
    (caught: unknown) => caught,
  );
  expect(errorCode(error), (error as Error).message).toBe(code);
  return (error as Error).message;
}

/** The first day of the period `ahead` periods after this one (UTC). */
function periodStart(period: planning.Period, ahead: number): string {
  const now = new Date();
  if (period === "month") return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1)).toISOString().slice(0, 10);
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday + ahead * 7 * 86_400_000).toISOString().slice(0, 10);
}

const sold = (model: Model, product: number) =>
  model.orders.filter((order) => order.product === product && !order.cancelled).reduce((total, order) => total + order.quantity, 0);
const onOrder = (model: Model, product: number) =>
  model.purchaseOrders
    .filter((order) => order.product === product && ["draft", "approved", "sent", "partially_received"].includes(order.status))
    .reduce((total, order) => total + Math.max(0, order.ordered - order.received), 0);

/** One random command applied to the API and the model; false when none applies to the state. */
export async function step(world: World, model: Model, rng: Random): Promise<boolean> {
  const kind = rng.pick([
    "order",
    "order",
    "order",
    "cancelOrder",
    "purchase",
    "purchase",
    "receive",
    "receive",
    "cancelPurchase",
    "forecast",
    "forecast",
    "forecast",
    "plan",
    "plan",
    "approvePlan",
    "archivePlan",
    "approveAgain",
    "multipliers",
    "project",
    "compare",
    "badHorizon",
  ] as const);
  const { admin } = world;
  switch (kind) {
    case "order": {
      const index = rng.int(0, model.products.length - 1);
      const product = model.products[index] as ModelProduct;
      const quantity = rng.int(1, 6);
      const call = admin.sales.orders.create.mutate({ customer_id: world.customerId, lines: [{ product_id: product.id, quantity }] });
      if (product.onHand - product.reserved < quantity) {
        await refused(call, "CONFLICT");
        count(world, "order (short of stock)", true);
        return true;
      }
      const order = await call;
      product.reserved += quantity;
      model.orders.push({ id: order.id, product: index, quantity, cancelled: false });
      count(world, kind);
      return true;
    }
    case "cancelOrder": {
      const order = rng.pick(model.orders.filter((candidate) => !candidate.cancelled));
      if (!order) return false;
      expect((await admin.sales.orders.cancel.mutate({ id: order.id })).status).toBe("cancelled");
      order.cancelled = true;
      (model.products[order.product] as ModelProduct).reserved -= order.quantity;
      count(world, kind);
      return true;
    }
    case "purchase": {
      const index = rng.int(0, model.products.length - 1);
      const product = model.products[index] as ModelProduct;
      const quantity = rng.int(1, 12);
      const order = await admin.procurement.purchaseOrders.create.mutate({
        vendor_id: world.vendorId,
        lines: [{ product_id: product.id, quantity, unit_cost: "3" }],
      });
      let status = "draft";
      if (rng.chance(0.7)) status = (await admin.procurement.purchaseOrders.approve.mutate({ id: order.id })).status;
      model.purchaseOrders.push({ id: order.id, lineId: order.lines[0]?.id ?? "", product: index, ordered: quantity, received: 0, status });
      count(world, kind);
      return true;
    }
    case "receive": {
      const order = rng.pick(model.purchaseOrders.filter((candidate) => ["approved", "partially_received"].includes(candidate.status)));
      if (!order) return false;
      const quantity = rng.int(1, order.ordered - order.received);
      const receipt = await admin.procurement.goodsReceipts.create.mutate({
        purchase_order_id: order.id,
        lines: [{ purchase_order_item_id: order.lineId, quantity }],
      });
      expect(receipt.lines.map((line) => line.quantity_received)).toEqual([`${quantity}.0000`]);
      order.received += quantity;
      order.status = order.received >= order.ordered ? "received" : "partially_received";
      (model.products[order.product] as ModelProduct).onHand += quantity;
      count(world, kind);
      return true;
    }
    case "cancelPurchase": {
      const order = rng.pick(model.purchaseOrders.filter((candidate) => ["draft", "approved"].includes(candidate.status)));
      if (!order) return false;
      expect((await admin.procurement.purchaseOrders.cancel.mutate({ id: order.id })).status).toBe("cancelled");
      // An approved plan's order holds a line per product: every line of it is cancelled.
      for (const line of model.purchaseOrders.filter((candidate) => candidate.id === order.id)) line.status = "cancelled";
      count(world, kind);
      return true;
    }
    case "forecast": {
      const period = rng.pick(["month", "week"] as const) ?? "month";
      const ahead = rng.pick([0, 1, 2, 4, 11, 12]) ?? 1;
      const horizon = rng.int(1, period === "month" ? 6 : 8);
      const method = rng.pick(["auto", "auto", "exponential_smoothing", "moving_average"] as const) ?? "auto";
      const byCategory = rng.chance(0.5);
      const category = rng.int(0, world.categoryIds.length - 1);
      const productIndex = rng.int(0, model.products.length - 1);
      const products = byCategory
        ? model.products.flatMap((product, index) => (product.category === category ? [index] : []))
        : [productIndex];
      const run = await admin.analytics.forecasts.create.mutate({
        ...(byCategory ? { category_id: world.categoryIds[category] } : { product_id: (model.products[productIndex] as ModelProduct).id }),
        period,
        horizon,
        method,
        as_of: periodStart(period, ahead),
      });
      const buckets = Array.from({ length: horizon }, (_, step) => periodStart(period, ahead + step));
      const lines = new Map<number, string[]>();
      expect(run.forecasts).toHaveLength(products.length);
      for (const index of products) {
        const forecast = run.forecasts.find((candidate) => candidate.product_id === (model.products[index] as ModelProduct).id);
        // Everything was sold in this period: history is [sold, 0, …] up to the period before `as_of`'s.
        const units = sold(model, index);
        const history = ahead > 0 && units > 0 ? [units, ...Array(ahead - 1).fill(0)] : [];
        const expected = planning.forecastSeries(history, horizon, period, method);
        expect([forecast?.method, forecast?.history_periods]).toEqual([expected.method, history.length]);
        expect(forecast?.lines.map((line) => [line.bucket_start, line.quantity, line.lower_bound, line.upper_bound])).toEqual(
          expected.points.map((point, step) => [buckets[step], point.quantity, point.lower, point.upper]),
        );
        expect(forecast?.forecast_quantity).toBe(sum(expected.points.map((point) => point.quantity)));
        lines.set(
          index,
          expected.points.map((point) => point.quantity),
        );
      }
      model.forecasts.push({ id: run.id, period, products, lines, buckets });
      count(world, kind);
      return true;
    }
    case "plan": {
      const forecast = rng.pick(model.forecasts);
      if (!forecast) return false;
      const scenario = rng.chance(0.3) ? rng.pick(model.scenarios.filter((candidate) => candidate.forecast === forecast)) : undefined;
      const plan = await admin.analytics.demandPlans.create.mutate({
        forecast_id: forecast.id,
        ...(scenario ? { scenario_id: scenario.id } : {}),
      });
      const suggested = new Map<number, number>();
      for (const index of forecast.products) {
        const product = model.products[index] as ModelProduct;
        const line = plan.lines.find((candidate) => candidate.product_id === product.id);
        const forecastTotal = sum(forecast.lines.get(index) ?? []);
        const planned = scenario
          ? sum((forecast.lines.get(index) ?? []).map((quantity) => multiplied(quantity, multiplierOf(scenario, product))))
          : forecastTotal;
        const available = product.onHand - product.reserved;
        const open = onOrder(model, index);
        const want = Math.max(0, Math.ceil(Number(planned) + product.safety - available - open - 1e-9));
        expect([
          line?.forecast_quantity,
          line?.planned_quantity,
          line?.available_quantity,
          line?.on_order_quantity,
          line?.suggested_quantity,
        ]).toEqual([forecastTotal, planned, `${available}.0000`, `${open}.0000`, `${want}.0000`]);
        expect(line?.vendor_id !== null).toBe(product.vendor);
        suggested.set(index, want);
      }
      expect(plan.total_suggested_quantity).toBe(`${[...suggested.values()].reduce((total, value) => total + value, 0)}.0000`);
      model.plans.push({ id: plan.id, status: "draft", suggested });
      count(world, kind);
      return true;
    }
    case "approvePlan": {
      const plan = rng.pick(model.plans.filter((candidate) => candidate.status === "draft"));
      if (!plan) return false;
      const approved = await admin.analytics.demandPlans.approve.mutate({ id: plan.id });
      const toOrder = [...plan.suggested].filter(([index, quantity]) => quantity > 0 && (model.products[index] as ModelProduct).vendor);
      expect(approved.purchase_order_ids).toHaveLength(toOrder.length > 0 ? 1 : 0);
      for (const [index, quantity] of toOrder) {
        const line = approved.lines.find((candidate) => candidate.product_id === (model.products[index] as ModelProduct).id);
        const order = await admin.procurement.purchaseOrders.get.query({ id: line?.purchase_order_id ?? "" });
        const orderLine = order.lines.find((candidate) => candidate.product_id === (model.products[index] as ModelProduct).id);
        expect(orderLine?.quantity_ordered).toBe(`${quantity}.0000`);
        model.purchaseOrders.push({
          id: order.id,
          lineId: orderLine?.id ?? "",
          product: index,
          ordered: quantity,
          received: 0,
          status: "draft",
        });
      }
      // One order per vendor holds several lines: the model follows each line, the order's status is shared.
      plan.status = "approved";
      count(world, kind);
      return true;
    }
    case "archivePlan": {
      const plan = rng.pick(model.plans.filter((candidate) => candidate.status === "draft"));
      if (!plan) return false;
      expect((await admin.analytics.demandPlans.archive.mutate({ id: plan.id })).status).toBe("archived");
      plan.status = "archived";
      count(world, kind);
      return true;
    }
    case "approveAgain": {
      const plan = rng.pick(model.plans.filter((candidate) => candidate.status !== "draft"));
      if (!plan) return false;
      expect(await refused(admin.analytics.demandPlans.approve.mutate({ id: plan.id }), "CONFLICT")).toBe(
        `The demand plan is ${plan.status}: only a draft plan can be approved.`,
      );
      count(world, kind, true);
      return true;
    }
    case "multipliers": {
      const scenario = rng.pick(model.scenarios) as ModelScenario;
      const multipliers = new Map<number | null, string>();
      if (rng.chance(0.6)) multipliers.set(null, (rng.int(5, 30) / 10).toFixed(1));
      for (let category = 0; category < world.categoryIds.length; category++) {
        if (rng.chance(0.5)) multipliers.set(category, (rng.int(1, 9999) / 1000).toFixed(3));
      }
      const answer = await admin.analytics.scenarios.setMultipliers.mutate({
        id: scenario.id,
        multipliers: [...multipliers].map(([category, multiplier]) => ({
          category_id: category === null ? null : (world.categoryIds[category] as string),
          multiplier,
        })),
      });
      expect(answer.multipliers).toHaveLength(multipliers.size);
      scenario.multipliers = multipliers;
      count(world, kind);
      return true;
    }
    case "project": {
      // Half the time over a forecast another scenario projects, so that comparisons find them side by side.
      const shared = model.scenarios.flatMap((scenario) => (scenario.forecast ? [scenario.forecast] : []));
      const forecast = rng.chance(0.5) && shared.length > 0 ? rng.pick(shared) : rng.pick(model.forecasts);
      if (!forecast) return false;
      const scenario = rng.pick(model.scenarios) as ModelScenario;
      const projection = await admin.analytics.scenarios.project.mutate({ id: scenario.id, forecast_id: forecast.id });
      const expected = forecast.products.flatMap((index) => {
        const product = model.products[index] as ModelProduct;
        const multiplier = multiplierOf(scenario, product, scenario.multipliers);
        return (forecast.lines.get(index) ?? []).map((quantity, step) => [
          product.id,
          forecast.buckets[step],
          quantity,
          multiplied(quantity, multiplier),
        ]);
      });
      const got = projection.results.map((row) => [row.product_id, row.period_start, row.baseline_value, row.projected_value]);
      expect(got.sort()).toEqual(expected.sort());
      scenario.forecast = forecast;
      scenario.projectedWith = new Map(scenario.multipliers);
      count(world, kind);
      return true;
    }
    case "compare": {
      // Mostly a forecast some scenario projects; now and then any (refused when a scenario is not projected over it).
      const projected = model.scenarios.flatMap((scenario) => (scenario.forecast ? [scenario.forecast] : []));
      const forecast = rng.chance(0.9) && projected.length > 0 ? rng.pick(projected) : rng.pick(model.forecasts);
      if (!forecast) return false;
      const onIt = model.scenarios.filter((scenario) => scenario.forecast === forecast);
      // Now and then every scenario, whether projected over this forecast or not: one that is not is refused.
      const scenarios = onIt.length === 0 || rng.chance(0.1) ? model.scenarios : onIt;
      const call = admin.analytics.scenarios.compare.query({
        forecast_id: forecast.id,
        scenario_ids: scenarios.map((scenario) => scenario.id),
      });
      if (scenarios.some((scenario) => scenario.forecast !== forecast)) {
        expect(await refused(call, "BAD_REQUEST")).toMatch(/^scenario_ids\.\d: the scenario .* is not applied to this forecast/);
        count(world, "compare (not projected)", true);
        return true;
      }
      const comparison = await call;
      expect(comparison.periods.map((row) => [row.bucket_start, row.base_quantity, row.scenario_quantities])).toEqual(
        forecast.buckets.map((bucket, step) => [
          bucket,
          sum(forecast.products.map((index) => forecast.lines.get(index)?.[step] ?? "0")),
          scenarios.map((scenario) =>
            sum(
              forecast.products.map((index) =>
                multiplied(forecast.lines.get(index)?.[step] ?? "0", multiplierOf(scenario, model.products[index] as ModelProduct)),
              ),
            ),
          ),
        ]),
      );
      count(world, kind);
      return true;
    }
    case "badHorizon": {
      const period = rng.pick(["month", "week"] as const) ?? "month";
      const horizon = rng.pick([0, -1, period === "month" ? 25 : 105]) ?? 0;
      const message = await refused(
        admin.analytics.forecasts.create.mutate({ product_id: (model.products[0] as ModelProduct).id, period, horizon }),
        "BAD_REQUEST",
      );
      expect(message).toMatch(/horizon/);
      count(world, kind, true);
      return true;
    }
  }
  return false;
}

/**
 * The multiplier a scenario applies to a product: its category's, else the all-products one, else 1.
 * Stored results keep the multipliers of their projection (by default those), whatever was set since.
 */
function multiplierOf(scenario: ModelScenario, product: ModelProduct, multipliers = scenario.projectedWith): string {
  return multipliers.get(product.category) ?? multipliers.get(null) ?? "1";
}
