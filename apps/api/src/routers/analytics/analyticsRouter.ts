import { router } from "../../trpc.ts";
import { demandPlansRouter } from "./demandPlans.ts";
import { forecastsRouter } from "./forecasts.ts";
import { kpiDefinitionsRouter } from "./kpiDefinitions.ts";
import { scenariosRouter } from "./scenarios.ts";

export const analyticsRouter = router({
  scenarios: scenariosRouter,
  kpiDefinitions: kpiDefinitionsRouter,
  forecasts: forecastsRouter,
  demandPlans: demandPlansRouter,
});
