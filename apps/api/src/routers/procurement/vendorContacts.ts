import { vendorContactsInsert, vendorContactsRole, vendorContactsRow } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { email, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(vendorContactsInsert, {
  name,
  job_title: text(200),
  email,
  phone: text(50),
  mobile: text(50),
  role: true,
  // One primary contact per vendor (a unique index): a second answers CONFLICT.
  is_primary: true,
});

export const vendorContactsRouter = router(
  createCrudProcedures({
    module: "procurement",
    table: "vendor_contacts",
    entity: "vendor contact",
    row: vendorContactsRow,
    create: fields.extend({ vendor_id: id }),
    update: fields.partial(),
    filters: { vendor_id: id.optional(), role: vendorContactsRole.optional() },
    search: ["name", "email"],
    // Contacts have no status to archive to; they go with their vendor or on their own.
    removable: true,
  }),
);
