import { router } from "../../trpc.ts";
import { countsRouter } from "./counts.ts";
import { binsRouter, warehousesRouter, zonesRouter } from "./locations.ts";
import { stockRouter } from "./stock.ts";
import { transfersRouter } from "./transfers.ts";
import { valuationRouter } from "./valuation.ts";

export const inventoryRouter = router({
  warehouses: warehousesRouter,
  zones: zonesRouter,
  bins: binsRouter,
  stock: stockRouter,
  counts: countsRouter,
  transfers: transfersRouter,
  valuation: valuationRouter,
});
