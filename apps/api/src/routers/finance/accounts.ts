import { chartOfAccountsAccountType, chartOfAccountsInsert, chartOfAccountsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(chartOfAccountsInsert, {
  // The table's CHECK also wants a letter or digit first.
  code: code.regex(/^[A-Za-z0-9]/, { error: "must start with a letter or digit" }),
  name,
  account_type: true,
  account_subtype: true,
  parent_id: id,
  normal_balance: true,
  is_postable: true,
  is_active: true,
  description: text(2000),
});

/** The chart of accounts. No status column: `is_active: false` retires an account, so no archive. */
export const accountsRouter = router(
  createCrudProcedures({
    module: "finance",
    table: "chart_of_accounts",
    entity: "account",
    row: chartOfAccountsRow,
    create: fields,
    update: fields.partial(),
    filters: { account_type: chartOfAccountsAccountType.optional(), is_active: z.boolean().optional(), parent_id: id.optional() },
    search: ["code", "name"],
  }),
);
