import { techniciansRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, currency, email, id, money, name, text } from "../../validation/fields.ts";

const status = z.enum(["active", "on_leave", "inactive"]);
// `skills` (text[]) is left out: the factory writes arrays as jsonb, which a text[] column refuses.
const fields = z.object({
  technician_code: code,
  user_id: id.nullish(),
  name,
  email: email.nullish(),
  phone: text(50).nullish(),
  status: status.optional(),
  hourly_rate: money.optional(),
  currency: currency.optional(),
  home_warehouse_id: id.nullish(),
  attributes: attributes.optional(),
});

export const techniciansRouter = router(
  createCrudProcedures({
    module: "service",
    table: "technicians",
    entity: "technician",
    row: techniciansRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional() },
    search: ["name", "technician_code", "email"],
    archiveStatus: "inactive",
  }),
);
