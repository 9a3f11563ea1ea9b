import type { ReferenceContext } from "../generate/context.ts";

/** The KPIs a new tenant starts with, each naming the metric analytics.kpis.evaluate computes. */
export const kpiDefinitions = [
  {
    code: "REVENUE",
    name: "Net revenue",
    unit: "money",
    aggregation: "sum",
    metric: "net_revenue",
    formula: "sum(daily_sales.net_revenue)",
  },
  { code: "ORDERS", name: "Orders", unit: "count", aggregation: "sum", metric: "orders_count", formula: "sum(daily_sales.orders_count)" },
  {
    code: "AOV",
    name: "Average order value",
    unit: "money",
    aggregation: "avg",
    metric: "average_order_value",
    formula: "net_revenue / orders_count",
  },
  { code: "UNITS", name: "Units sold", unit: "count", aggregation: "sum", metric: "units_sold", formula: "sum(daily_sales.units_sold)" },
  {
    code: "MARGIN",
    name: "Gross margin",
    unit: "percent",
    aggregation: "last",
    metric: "gross_margin",
    formula: "(revenue − cost of goods sold) ÷ revenue, from the ledger",
  },
  {
    code: "AR_OPEN",
    name: "Receivables open",
    unit: "money",
    aggregation: "last",
    metric: "receivables_open",
    formula: "receivable accounts' balance",
  },
  {
    code: "DSO",
    name: "Days sales outstanding",
    unit: "days",
    aggregation: "last",
    metric: "days_sales_outstanding",
    formula: "receivables ÷ billed × days",
  },
  {
    code: "STOCK_TURN",
    name: "Stock turn",
    unit: "ratio",
    aggregation: "last",
    metric: "stock_turn",
    formula: "cost of goods sold ÷ average inventory value",
  },
] as const;

export const scenarioDefinitions = [
  { code: "BASE", name: "Baseline", status: "active", assumptions: { growth: 0 } },
  { code: "GROWTH", name: "Ten percent growth", status: "draft", assumptions: { growth: 0.1 } },
] as const;

export function generateAnalyticsReference({ id, data }: ReferenceContext): void {
  for (const kpi of kpiDefinitions)
    data.add("kpi_definitions", {
      id: id(),
      ...kpi,
      direction: kpi.code === "DSO" ? "lower_is_better" : "higher_is_better",
      is_active: true,
    });
  const baseline = id();
  for (const scenario of scenarioDefinitions) {
    data.add("scenarios", {
      id: scenario.code === "BASE" ? baseline : id(),
      ...scenario,
      base_scenario_id: scenario.code === "BASE" ? null : baseline,
    });
  }
}
