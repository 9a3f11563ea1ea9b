import { chartOfAccountsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, id, name, text } from "../../validation/fields.ts";

const accountType = z.enum(["asset", "liability", "equity", "revenue", "expense"]);
const accountSubtype = z.enum([
  "cash",
  "bank",
  "receivable",
  "inventory",
  "prepaid",
  "fixed_asset",
  "accumulated_depreciation",
  "other_asset",
  "payable",
  "tax_payable",
  "tax_receivable",
  "accrued_liability",
  "long_term_debt",
  "other_liability",
  "share_capital",
  "retained_earnings",
  "sales",
  "other_income",
  "cost_of_goods_sold",
  "operating_expense",
  "depreciation",
  "other_expense",
]);
const fields = z.object({
  // The table's CHECK also wants a letter or digit first.
  code: code.regex(/^[A-Za-z0-9]/, { error: "must start with a letter or digit" }),
  name,
  account_type: accountType,
  account_subtype: accountSubtype.nullish(),
  parent_id: id.nullish(),
  normal_balance: z.enum(["debit", "credit"]),
  is_postable: z.boolean().optional(),
  is_active: z.boolean().optional(),
  description: text(2000).nullish(),
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
    filters: { account_type: accountType.optional(), is_active: z.boolean().optional(), parent_id: id.optional() },
    search: ["code", "name"],
  }),
);
