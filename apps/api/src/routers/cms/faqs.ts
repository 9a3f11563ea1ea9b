import { faqsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { id, position, text } from "../../validation/fields.ts";

const status = z.enum(["draft", "published", "archived"]);
const fields = z.object({
  faq_category_id: id.nullish(),
  question: text(500).min(1, { error: "must not be empty" }),
  answer: text(20_000).min(1, { error: "must not be empty" }),
  position: position.min(0, { error: "must be 0 or more" }).optional(),
  status: status.optional(),
});

export const faqsRouter = router(
  createCrudProcedures({
    module: "cms",
    table: "faqs",
    entity: "FAQ",
    row: faqsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional(), faq_category_id: id.optional() },
    search: ["question"],
    archiveStatus: "archived",
  }),
);
