import { router } from "../../trpc.ts";
import { tenantsRouter } from "./tenants.ts";

export const platformRouter = router({ tenants: tenantsRouter });
