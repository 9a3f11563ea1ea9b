import { router } from "../../trpc.ts";
import { kpiDefinitionsRouter } from "./kpiDefinitions.ts";
import { scenariosRouter } from "./scenarios.ts";

export const analyticsRouter = router({
  scenarios: scenariosRouter,
  kpiDefinitions: kpiDefinitionsRouter,
});
