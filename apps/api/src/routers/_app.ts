import { router } from "../trpc.ts";
import { authRouter } from "./auth/auth.ts";
import { catalogRouter } from "./catalog/catalogRouter.ts";
import { inventoryRouter } from "./inventory/inventoryRouter.ts";
import { platformRouter } from "./platform/platformRouter.ts";
import { salesRouter } from "./sales/salesRouter.ts";

/** Every procedure of the API: `<module>.<entity>.<verb>`, plus `auth.*` and the operator's `platform.*`. */
export const appRouter = router({
  auth: authRouter,
  platform: platformRouter,
  catalog: catalogRouter,
  sales: salesRouter,
  inventory: inventoryRouter,
});

export type AppRouter = typeof appRouter;
