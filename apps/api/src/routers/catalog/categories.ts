import { categoriesInsert, categoriesRow, categoriesStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, id, name, position, slug, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(categoriesInsert, {
  slug,
  name,
  parent_id: id,
  description: text(5000),
  image_url: url,
  position,
  status: true,
  attributes,
});

export const categoriesRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "categories",
    entity: "category",
    row: categoriesRow,
    create: fields,
    update: fields.partial(),
    filters: { parent_id: id.optional(), status: categoriesStatus.optional() },
    search: ["name", "slug"],
    archiveStatus: "archived",
  }),
);
