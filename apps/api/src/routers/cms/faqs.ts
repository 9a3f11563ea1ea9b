import { faqsInsert, faqsRow, faqsStatus } from "@erp/db-types";
import { cms } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

// A FAQ's place in its group moves only through create (at the end), reorder and move.
const fields = tableInput(faqsInsert, {
  faq_category_id: id,
  question: text(500).min(1, { error: "must not be empty" }),
  answer: text(20_000).min(1, { error: "must not be empty" }),
  status: true,
});
const content = fields.omit({ faq_category_id: true });

const crud = createCrudProcedures({
  module: "cms",
  table: "faqs",
  entity: "FAQ",
  row: faqsRow,
  create: fields,
  update: content.partial(),
  filters: { status: faqsStatus.optional(), faq_category_id: id.optional() },
  search: ["question"],
  archiveStatus: "archived",
});

const write = () => moduleProcedure("cms", "write");
const group = id.nullable().describe("the FAQ category, or null for FAQs without one");

export const faqsRouter = router({
  list: crud.list,
  get: crud.get,
  update: crud.update,
  archive: crud.archive,
  create: write()
    .meta({ summary: "Adds a FAQ at the end of its group (its category, or none).", errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(fields)
    .output(faqsRow)
    .mutation(({ ctx, input }) => cms.createFaq(ctx.tx, input, ctx.actor)),
  reorder: write()
    .meta({
      summary:
        "Puts a group's FAQs in the given order (places 0, 1, 2, ...); ids must name every FAQ of the group once. Concurrent reorders of a group take turns.",
      errors: ["BAD_REQUEST", "NOT_FOUND"],
    })
    .input(z.object({ faq_category_id: group, ids: z.array(id).min(1, { error: "must name at least one FAQ" }).max(500) }))
    .output(z.object({ items: z.array(faqsRow) }))
    .mutation(async ({ ctx, input }) => ({ items: await cms.reorderFaqs(ctx.tx, input, ctx.actor) })),
  move: write()
    .meta({ summary: "Moves a FAQ to the end of another group.", errors: ["NOT_FOUND"] })
    .input(z.object({ id, faq_category_id: group }))
    .output(faqsRow)
    .mutation(({ ctx, input }) => cms.moveFaq(ctx.tx, input, ctx.actor)),
});
