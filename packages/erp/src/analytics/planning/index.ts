export {
  approveDemandPlan,
  approvedDemandPlan,
  archiveDemandPlan,
  type CreateDemandPlanInput,
  createDemandPlan,
  type DemandPlanWithLines,
  demandPlanWithLines,
  listDemandPlans,
  loadDemandPlan,
  openPurchaseOrderStates,
} from "./demandPlans.ts";
export {
  type ForecastMethod,
  type ForecastOutcome,
  forecastSeries,
  minimumHistory,
  movingAverageWindow,
  type Period,
  type RequestedMethod,
  seasonLength,
  units,
} from "./forecastMethods.ts";
export {
  type CreateForecastInput,
  createForecast,
  type ForecastRunWithForecasts,
  forecastRunWithForecasts,
  horizonLimit,
  listForecastRuns,
  loadForecastRun,
  productLimit,
  salesHistory,
} from "./forecasts.ts";
export {
  applyScenario,
  compareScenarios,
  scenarioComparison,
  scenarioMultipliers,
  scenarioProjection,
  setScenarioMultipliers,
} from "./scenarios.ts";
