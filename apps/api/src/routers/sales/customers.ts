import { randomBytes } from "node:crypto";
import {
  customerAddressesInsert,
  customerAddressesKind,
  customerAddressesRow,
  customersInsert,
  customersRow,
  customersStatus,
  customersType,
} from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, country, currency, email, id, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";
import { customerStatementProcedure } from "./receivables.ts";

const fields = tableInput(customersInsert, {
  customer_number: z.string().trim().min(1).max(40, { error: "must be at most 40 characters" }).optional(),
  type: true,
  name,
  company_name: text(200),
  email,
  phone: text(50),
  tax_number: text(50),
  status: true,
  credit_limit: money,
  currency,
  payment_terms_days: z.number().int().min(0).max(365, { error: "must be between 0 and 365" }),
  price_list_id: id,
  tax_exempt: true,
  marketing_opt_in: true,
  notes: text(5000),
  attributes,
});

export const customersRouter = router({
  ...createCrudProcedures({
    module: "sales",
    table: "customers",
    entity: "customer",
    row: customersRow,
    create: fields,
    update: fields.partial(),
    filters: { status: customersStatus.optional(), type: customersType.optional() },
    search: ["name", "email", "customer_number"],
    archiveStatus: "inactive",
    // A customer number is generated when none is given (C-<10 hex digits>).
    prepare: (_input, user) => ({ customer_number: `C-${randomBytes(5).toString("hex").toUpperCase()}`, created_by: user.id }),
  }),
  statement: customerStatementProcedure,
});

const addressFields = tableInput(customerAddressesInsert, {
  kind: true,
  label: text(100),
  recipient_name: name,
  company: text(200),
  line1: name,
  line2: text(200),
  city: name,
  region: text(100),
  postal_code: text(20),
  country,
  phone: text(50),
  is_default: true,
});

export const addressesRouter = router(
  createCrudProcedures({
    module: "sales",
    table: "customer_addresses",
    entity: "customer address",
    row: customerAddressesRow,
    create: addressFields.extend({ customer_id: id }),
    update: addressFields.partial(),
    filters: { customer_id: id.optional(), kind: customerAddressesKind.optional() },
    removable: true,
  }),
);
