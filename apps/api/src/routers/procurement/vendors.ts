import { randomBytes } from "node:crypto";
import { vendorsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, currency, email, money, name, text, url } from "../../validation/fields.ts";

const status = z.enum(["pending", "active", "on_hold", "blocked", "inactive"]);
const fields = z.object({
  vendor_number: z.string().trim().min(1).max(40, { error: "must be at most 40 characters" }).optional(),
  name,
  legal_name: text(200).nullish(),
  email: email.nullish(),
  phone: text(50).nullish(),
  website: url.nullish(),
  tax_id: text(50).nullish(),
  status: status.optional(),
  payment_terms_days: z.number().int().min(0).max(365, { error: "must be between 0 and 365" }).optional(),
  currency: currency.optional(),
  credit_limit: money.nullish(),
  notes: text(5000).nullish(),
  attributes: attributes.optional(),
});

export const vendorsRouter = router(
  createCrudProcedures({
    module: "procurement",
    table: "vendors",
    entity: "vendor",
    row: vendorsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional() },
    search: ["name", "email", "vendor_number"],
    archiveStatus: "inactive",
    // vendor_number is NOT NULL and unique: generated (V-<10 hex digits>) when none is given.
    prepare: () => ({ vendor_number: `V-${randomBytes(5).toString("hex").toUpperCase()}` }),
  }),
);
