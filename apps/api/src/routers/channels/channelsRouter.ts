import { router } from "../../trpc.ts";
import { attributionRouter } from "./attribution.ts";
import { salesChannelsRouter } from "./channels.ts";
import { commissionPayoutsRouter } from "./commissionPayouts.ts";
import { commissionRulesRouter } from "./commissionRules.ts";
import { commissionRunsRouter } from "./commissionRuns.ts";
import { communityPartnersRouter } from "./communityPartners.ts";
import { dealersRouter } from "./dealers.ts";
import { franchiseesRouter } from "./franchisees.ts";

export const channelsRouter = router({
  channels: salesChannelsRouter,
  dealers: dealersRouter,
  franchisees: franchiseesRouter,
  communityPartners: communityPartnersRouter,
  attribution: attributionRouter,
  commissionRules: commissionRulesRouter,
  commissionRuns: commissionRunsRouter,
  commissionPayouts: commissionPayoutsRouter,
});
