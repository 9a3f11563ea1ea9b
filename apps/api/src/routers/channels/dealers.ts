import { dealersInsert, dealersRow, dealersStatus, dealersTier } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, currency, date, email, id, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";
import { setStatusProcedure } from "./partnerStatus.ts";

const fields = tableInput(dealersInsert, {
  dealer_code: code,
  name,
  legal_name: text(200),
  // Unique per tenant: a second dealer with the same email answers CONFLICT.
  email,
  phone: text(50),
  tax_id: text(50),
  region: text(100),
  tier: true,
  credit_limit: money,
  payment_terms_days: z.number().int().min(0).max(365, { error: "must be between 0 and 365" }),
  currency,
  status: true,
  customer_id: id,
  account_manager_user_id: id,
  onboarded_on: date,
  attributes,
});

export const dealersRouter = router({
  ...createCrudProcedures({
    module: "channels",
    table: "dealers",
    entity: "dealer",
    row: dealersRow,
    create: fields.extend({ channel_id: id }),
    update: fields.partial().extend({ channel_id: id.optional() }),
    filters: { channel_id: id.optional(), status: dealersStatus.optional(), tier: dealersTier.optional() },
    search: ["name", "dealer_code", "email"],
    // A dealer ended stays for the history of its orders.
    archiveStatus: "terminated",
  }),
  setStatus: setStatusProcedure("dealers", dealersStatus.options, "dealer"),
});
