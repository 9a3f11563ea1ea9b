import { finance } from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, page } from "../../validation/fields.ts";

export const ledgerRouter = router({
  account: moduleProcedure("finance")
    .meta({
      summary: "One account's ledger for a period: opening balance, movements in date order (paged) with running balance, closing.",
      errors: ["NOT_FOUND"],
    })
    .input(z.object({ account_id: id, period_id: id, ...page }))
    .output(finance.accountLedger)
    .query(({ ctx, input }) => finance.accountLedgerFor(ctx.tx, input)),
});
