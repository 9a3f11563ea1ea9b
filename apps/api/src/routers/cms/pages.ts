import { cmsPagesInsert, cmsPagesRow, cmsPagesStatus } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, id, instant, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(cmsPagesInsert, {
  // A page slug may be a path: "about/team".
  slug: z
    .string({ error: "must be a string" })
    .max(200, { error: "must be at most 200 characters" })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*$/, { error: "must be lower-case words joined by '-', segments by '/'" }),
  title: text(200).min(1, { error: "must not be empty" }),
  body: text(200_000),
  parent_id: id,
  template: text(100),
  // 'published' needs published_at (a CHECK); without it the database refuses with BAD_REQUEST.
  status: true,
  published_at: instant,
  meta_title: text(200),
  meta_description: text(500),
  meta_keywords: text(500),
  canonical_url: url,
  noindex: true,
  attributes,
});

export const pagesRouter = router(
  createCrudProcedures({
    module: "cms",
    table: "cms_pages",
    entity: "page",
    row: cmsPagesRow,
    create: fields,
    update: fields.partial(),
    filters: { status: cmsPagesStatus.optional(), parent_id: id.optional() },
    search: ["title", "slug"],
    archiveStatus: "archived",
    prepare: (_input, user) => ({ author_id: user.id }),
  }),
);
