import { randomBytes } from "node:crypto";
import { customerAddressesRow, customersRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, country, currency, email, id, money, name, text } from "../../validation/fields.ts";

const status = z.enum(["active", "inactive", "blocked"]);
const fields = z.object({
  customer_number: z.string().trim().min(1).max(40, { error: "must be at most 40 characters" }).optional(),
  type: z.enum(["individual", "business"]).optional(),
  name,
  company_name: text(200).nullish(),
  email: email.nullish(),
  phone: text(50).nullish(),
  tax_number: text(50).nullish(),
  status: status.optional(),
  credit_limit: money.optional(),
  currency: currency.optional(),
  payment_terms_days: z.number().int().min(0).max(365, { error: "must be between 0 and 365" }).optional(),
  price_list_id: id.nullish(),
  tax_exempt: z.boolean().optional(),
  marketing_opt_in: z.boolean().optional(),
  notes: text(5000).nullish(),
  attributes: attributes.optional(),
});

export const customersRouter = router(
  createCrudProcedures({
    module: "sales",
    table: "customers",
    entity: "customer",
    row: customersRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional(), type: z.enum(["individual", "business"]).optional() },
    search: ["name", "email", "customer_number"],
    archiveStatus: "inactive",
    // A customer number is generated when none is given (C-<10 hex digits>).
    prepare: (_input, user) => ({ customer_number: `C-${randomBytes(5).toString("hex").toUpperCase()}`, created_by: user.id }),
  }),
);

const addressFields = z.object({
  kind: z.enum(["billing", "shipping"]).optional(),
  label: text(100).nullish(),
  recipient_name: name.nullish(),
  company: text(200).nullish(),
  line1: name,
  line2: text(200).nullish(),
  city: name,
  region: text(100).nullish(),
  postal_code: text(20).nullish(),
  country,
  phone: text(50).nullish(),
  is_default: z.boolean().optional(),
});

export const addressesRouter = router(
  createCrudProcedures({
    module: "sales",
    table: "customer_addresses",
    entity: "customer address",
    row: customerAddressesRow,
    create: addressFields.extend({ customer_id: id }),
    update: addressFields.partial(),
    filters: { customer_id: id.optional(), kind: z.enum(["billing", "shipping"]).optional() },
    removable: true,
  }),
);
