import { faqCategoriesInsert, faqCategoriesRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { position, slug, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(faqCategoriesInsert, {
  slug,
  name: text(200).min(1, { error: "must not be empty" }),
  description: text(2000),
  position: position.min(0, { error: "must be 0 or more" }),
  is_active: true,
});

/** The groups FAQs are ordered in; an inactive category's FAQs are not on the website. */
export const faqCategoriesRouter = router(
  createCrudProcedures({
    module: "cms",
    table: "faq_categories",
    entity: "FAQ category",
    row: faqCategoriesRow,
    create: fields,
    update: fields.partial(),
    filters: { is_active: z.boolean().optional() },
    search: ["name", "slug"],
  }),
);
