import { brandsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, name, slug, text, url } from "../../validation/fields.ts";

const status = z.enum(["active", "archived"]);
const fields = z.object({
  slug,
  name,
  description: text(5000).nullish(),
  website_url: url.nullish(),
  logo_url: url.nullish(),
  status: status.optional(),
  attributes: attributes.optional(),
});

export const brandsRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "brands",
    entity: "brand",
    row: brandsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional() },
    search: ["name", "slug"],
    archiveStatus: "archived",
  }),
);
