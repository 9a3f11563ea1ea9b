import { router } from "../../trpc.ts";
import { serviceCategoriesRouter } from "./categories.ts";
import { techniciansRouter } from "./technicians.ts";

export const serviceRouter = router({
  technicians: techniciansRouter,
  categories: serviceCategoriesRouter,
});
