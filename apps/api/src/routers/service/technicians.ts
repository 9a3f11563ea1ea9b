import { techniciansInsert, techniciansRow, techniciansStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, currency, email, id, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

// `skills` (text[]) is left out: the factory writes arrays as jsonb, which a text[] column refuses.
const fields = tableInput(techniciansInsert, {
  technician_code: code,
  user_id: id,
  name,
  email,
  phone: text(50),
  status: true,
  hourly_rate: money,
  currency,
  home_warehouse_id: id,
  attributes,
});

export const techniciansRouter = router(
  createCrudProcedures({
    module: "service",
    table: "technicians",
    entity: "technician",
    row: techniciansRow,
    create: fields,
    update: fields.partial(),
    filters: { status: techniciansStatus.optional() },
    search: ["name", "technician_code", "email"],
    archiveStatus: "inactive",
  }),
);
