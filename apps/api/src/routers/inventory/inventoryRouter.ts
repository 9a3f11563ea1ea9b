import { router } from "../../trpc.ts";
import { binsRouter, warehousesRouter, zonesRouter } from "./locations.ts";
import { stockRouter } from "./stock.ts";

export const inventoryRouter = router({
  warehouses: warehousesRouter,
  zones: zonesRouter,
  bins: binsRouter,
  stock: stockRouter,
});
