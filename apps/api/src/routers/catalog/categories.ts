import { categoriesRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, id, name, position, slug, text, url } from "../../validation/fields.ts";

const status = z.enum(["active", "hidden", "archived"]);
const fields = z.object({
  slug,
  name,
  parent_id: id.nullish(),
  description: text(5000).nullish(),
  image_url: url.nullish(),
  position: position.optional(),
  status: status.optional(),
  attributes: attributes.optional(),
});

export const categoriesRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "categories",
    entity: "category",
    row: categoriesRow,
    create: fields,
    update: fields.partial(),
    filters: { parent_id: id.optional(), status: status.optional() },
    search: ["name", "slug"],
    archiveStatus: "archived",
  }),
);
