import type { ReferenceContext } from "../generate/context.ts";

export const kpiDefinitions = [
  { code: "REVENUE", name: "Net revenue", unit: "money", aggregation: "sum", formula: "sum(daily_sales.net_revenue)" },
  { code: "ORDERS", name: "Orders", unit: "count", aggregation: "sum", formula: "sum(daily_sales.orders_count)" },
  { code: "AOV", name: "Average order value", unit: "money", aggregation: "avg", formula: "net_revenue / orders_count" },
  { code: "UNITS", name: "Units sold", unit: "count", aggregation: "sum", formula: "sum(daily_sales.units_sold)" },
] as const;

export const scenarioDefinitions = [
  { code: "BASE", name: "Baseline", status: "active", assumptions: { growth: 0 } },
  { code: "GROWTH", name: "Ten percent growth", status: "draft", assumptions: { growth: 0.1 } },
] as const;

export function generateAnalyticsReference({ id, data }: ReferenceContext): void {
  for (const kpi of kpiDefinitions) data.add("kpi_definitions", { id: id(), ...kpi, direction: "higher_is_better", is_active: true });
  const baseline = id();
  for (const scenario of scenarioDefinitions) {
    data.add("scenarios", {
      id: scenario.code === "BASE" ? baseline : id(),
      ...scenario,
      base_scenario_id: scenario.code === "BASE" ? null : baseline,
    });
  }
}
