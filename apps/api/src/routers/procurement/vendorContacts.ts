import { vendorContactsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { email, id, name, text } from "../../validation/fields.ts";

const role = z.enum(["general", "sales", "accounts", "logistics", "quality", "management"]);
const fields = z.object({
  name,
  job_title: text(200).nullish(),
  email: email.nullish(),
  phone: text(50).nullish(),
  mobile: text(50).nullish(),
  role: role.optional(),
  // One primary contact per vendor (a unique index): a second answers CONFLICT.
  is_primary: z.boolean().optional(),
});

export const vendorContactsRouter = router(
  createCrudProcedures({
    module: "procurement",
    table: "vendor_contacts",
    entity: "vendor contact",
    row: vendorContactsRow,
    create: fields.extend({ vendor_id: id }),
    update: fields.partial(),
    filters: { vendor_id: id.optional(), role: role.optional() },
    search: ["name", "email"],
    // Contacts have no status to archive to; they go with their vendor or on their own.
    removable: true,
  }),
);
