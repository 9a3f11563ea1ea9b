import { faqsInsert, faqsRow, faqsStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { id, position, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(faqsInsert, {
  faq_category_id: id,
  question: text(500).min(1, { error: "must not be empty" }),
  answer: text(20_000).min(1, { error: "must not be empty" }),
  position: position.min(0, { error: "must be 0 or more" }),
  status: true,
});

export const faqsRouter = router(
  createCrudProcedures({
    module: "cms",
    table: "faqs",
    entity: "FAQ",
    row: faqsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: faqsStatus.optional(), faq_category_id: id.optional() },
    search: ["question"],
    archiveStatus: "archived",
  }),
);
