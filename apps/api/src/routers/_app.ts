import { router } from "../trpc.ts";
import { analyticsRouter } from "./analytics/analyticsRouter.ts";
import { auditRouter } from "./audit/auditRouter.ts";
import { authRouter } from "./auth/auth.ts";
import { catalogRouter } from "./catalog/catalogRouter.ts";
import { channelsRouter } from "./channels/channelsRouter.ts";
import { cmsRouter } from "./cms/cmsRouter.ts";
import { siteRouter } from "./cms/site.ts";
import { financeRouter } from "./finance/financeRouter.ts";
import { hrRouter } from "./hr/hrRouter.ts";
import { inventoryRouter } from "./inventory/inventoryRouter.ts";
import { platformRouter } from "./platform/platformRouter.ts";
import { procurementRouter } from "./procurement/procurementRouter.ts";
import { salesRouter } from "./sales/salesRouter.ts";
import { serviceRouter } from "./service/serviceRouter.ts";

/** Every procedure of the API: `<module>.<entity>.<verb>`, plus `auth.*`, the operator's `platform.*` and the public `site.*`. */
export const appRouter = router({
  auth: authRouter,
  platform: platformRouter,
  catalog: catalogRouter,
  sales: salesRouter,
  inventory: inventoryRouter,
  procurement: procurementRouter,
  finance: financeRouter,
  cms: cmsRouter,
  channels: channelsRouter,
  service: serviceRouter,
  analytics: analyticsRouter,
  hr: hrRouter,
  audit: auditRouter,
  // The public read path of each tenant's website (no token): docs/modules/cms.md.
  site: siteRouter,
});

export type AppRouter = typeof appRouter;
