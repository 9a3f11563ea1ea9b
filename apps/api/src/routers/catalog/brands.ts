import { brandsInsert, brandsRow, brandsStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, name, slug, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(brandsInsert, {
  slug,
  name,
  description: text(5000),
  website_url: url,
  logo_url: url,
  status: true,
  attributes,
});

export const brandsRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "brands",
    entity: "brand",
    row: brandsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: brandsStatus.optional() },
    search: ["name", "slug"],
    archiveStatus: "archived",
  }),
);
