import { dealersRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, currency, date, email, id, money, name, text } from "../../validation/fields.ts";

const status = z.enum(["active", "prospect", "on_hold", "suspended", "terminated"]);
const tier = z.enum(["standard", "silver", "gold", "platinum"]);
const fields = z.object({
  dealer_code: code,
  name,
  legal_name: text(200).nullish(),
  // Unique per tenant: a second dealer with the same email answers CONFLICT.
  email,
  phone: text(50).nullish(),
  tax_id: text(50).nullish(),
  region: text(100).nullish(),
  tier: tier.optional(),
  credit_limit: money.optional(),
  payment_terms_days: z.number().int().min(0).max(365, { error: "must be between 0 and 365" }).optional(),
  currency: currency.optional(),
  status: status.optional(),
  customer_id: id.nullish(),
  account_manager_user_id: id.nullish(),
  onboarded_on: date.nullish(),
  attributes: attributes.optional(),
});

export const dealersRouter = router(
  createCrudProcedures({
    module: "channels",
    table: "dealers",
    entity: "dealer",
    row: dealersRow,
    create: fields.extend({ channel_id: id }),
    update: fields.partial().extend({ channel_id: id.optional() }),
    filters: { channel_id: id.optional(), status: status.optional(), tier: tier.optional() },
    search: ["name", "dealer_code", "email"],
    // A dealer ended stays for the history of its orders.
    archiveStatus: "terminated",
  }),
);
