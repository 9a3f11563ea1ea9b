import { router } from "../../trpc.ts";
import { demandPlansRouter } from "./demandPlans.ts";
import { forecastsRouter } from "./forecasts.ts";
import { kpiDefinitionsRouter } from "./kpiDefinitions.ts";
import { kpisRouter } from "./kpis.ts";
import { rollupsRouter } from "./rollups.ts";
import { salesTargetsRouter } from "./salesTargets.ts";
import { scenariosRouter } from "./scenarios.ts";

export const analyticsRouter = router({
  scenarios: scenariosRouter,
  kpiDefinitions: kpiDefinitionsRouter,
  rollups: rollupsRouter,
  kpis: kpisRouter,
  forecasts: forecastsRouter,
  demandPlans: demandPlansRouter,
  salesTargets: salesTargetsRouter,
});
