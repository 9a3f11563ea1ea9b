import { randomBytes } from "node:crypto";
import { vendorsInsert, vendorsRow, vendorsStatus } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, currency, email, money, name, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(vendorsInsert, {
  vendor_number: z.string().trim().min(1).max(40, { error: "must be at most 40 characters" }).optional(),
  name,
  legal_name: text(200),
  email,
  phone: text(50),
  website: url,
  tax_id: text(50),
  status: true,
  payment_terms_days: z.number().int().min(0).max(365, { error: "must be between 0 and 365" }),
  currency,
  credit_limit: money,
  notes: text(5000),
  attributes,
});

export const vendorsRouter = router(
  createCrudProcedures({
    module: "procurement",
    table: "vendors",
    entity: "vendor",
    row: vendorsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: vendorsStatus.optional() },
    search: ["name", "email", "vendor_number"],
    archiveStatus: "inactive",
    // vendor_number is NOT NULL and unique: generated (V-<10 hex digits>) when none is given.
    prepare: () => ({ vendor_number: `V-${randomBytes(5).toString("hex").toUpperCase()}` }),
  }),
);
