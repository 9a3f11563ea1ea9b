import { serviceCategoriesInsert, serviceCategoriesRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(serviceCategoriesInsert, {
  code,
  name,
  parent_id: id,
  description: text(2000),
  is_active: true,
});

/**
 * Service categories (every service request needs one). Served instead of service_requests, which
 * need a customer and a category first. No status column: `is_active: false` retires one.
 */
export const serviceCategoriesRouter = router(
  createCrudProcedures({
    module: "service",
    table: "service_categories",
    entity: "service category",
    row: serviceCategoriesRow,
    create: fields,
    update: fields.partial(),
    filters: { is_active: z.boolean().optional(), parent_id: id.optional() },
    search: ["code", "name"],
  }),
);
