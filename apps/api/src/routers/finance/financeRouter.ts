import { router } from "../../trpc.ts";
import { accountsRouter } from "./accounts.ts";
import { costCentersRouter } from "./costCenters.ts";

export const financeRouter = router({
  accounts: accountsRouter,
  costCenters: costCentersRouter,
});
