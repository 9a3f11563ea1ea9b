import { router } from "../../trpc.ts";
import { vendorContactsRouter } from "./vendorContacts.ts";
import { vendorsRouter } from "./vendors.ts";

export const procurementRouter = router({
  vendors: vendorsRouter,
  vendorContacts: vendorContactsRouter,
});
