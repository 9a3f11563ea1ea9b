import { type SeedTable, seedTables, tableModule } from "./db/seedTables.ts";
import { topProductsLimit } from "./db/upsertSalesRollups.ts";
import { isCounted, orderShapes } from "./generate/orderShapes.ts";
import { type TableCounts, unitPlan } from "./generate/unitPlan.ts";
import { referenceModules } from "./reference/referenceModules.ts";
import { specOf } from "./specOf.ts";

/**
 * The rows a new tenant of the tier gets, per table (tables of the modules it serves; every other
 * table stays empty): its reference data, one unit of its volumes, and the sales rollups.
 */
export function demoDataPlan(tier: unknown): TableCounts {
  const spec = specOf(tier);
  const totals = new Map<SeedTable, number>();
  const add = (counts: TableCounts) => {
    for (const [table, count] of Object.entries(counts) as [SeedTable, number][]) totals.set(table, (totals.get(table) ?? 0) + count);
  };
  for (const module of spec.modules) add(referenceModules[module]?.counts ?? {});
  add(unitPlan(spec));
  if (spec.modules.includes("analytics")) {
    const counted = orderShapes(spec.volumes).filter(isCounted);
    add({
      // a row per day for all channels, and per day and channel of the attributed (web, dealer) orders
      daily_sales:
        new Set(counted.map((order) => order.daysBefore)).size +
        (spec.modules.includes("channels")
          ? new Set(counted.filter((order) => order.channel !== "direct").map((order) => `${order.daysBefore}|${order.channel}`)).size
          : 0),
      top_products: Math.min(topProductsLimit, new Set(counted.flatMap((order) => order.lines.map((line) => line.product))).size),
    });
  }
  return Object.fromEntries(
    seedTables.filter((table) => spec.modules.includes(tableModule[table])).map((table) => [table, totals.get(table) ?? 0]),
  );
}

/**
 * The rows seedAtScale adds per table for `scale` units: the tier's volumes `scale` times. The
 * reference data is reused, and the shared rollups (daily_sales, top_products) are updated in place.
 */
export function scalePlan(tier: unknown, scale: number): TableCounts {
  return Object.fromEntries(Object.entries(unitPlan(specOf(tier))).map(([table, count]) => [table, count * scale]));
}
