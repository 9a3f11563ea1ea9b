export { type EvaluateKpiInput, evaluateKpi, type KpiValue, type KpiValueFilter, listKpiValues } from "./kpis/evaluateKpi.ts";
export { type KpiMetric, kpiMetricKeys, kpiMetrics, measureMetric } from "./kpis/metrics.ts";
export { checkDateRange, type DateRange, maxRangeDays } from "./rollups/dateRange.ts";
export {
  type RefreshResult,
  rebuildSalesRollups,
  refreshResult,
  refreshSalesRollups,
  type TableName,
} from "./rollups/refreshSalesRollups.ts";
export {
  type SalesDimension,
  type SalesGrain,
  type SalesRow,
  salesBy,
  salesDimensions,
  salesGrains,
  salesRow,
  topCustomerRow,
  topCustomers,
  topProductRow,
  topProducts,
} from "./rollups/salesReads.ts";
export { loadSalesTargetProgress, type SalesTargetProgress, salesTargetProgress } from "./targets/salesTargetProgress.ts";
