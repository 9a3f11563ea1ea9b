import { testimonialsInsert, testimonialsRow, testimonialsStatus } from "@erp/db-types";
import { cms } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, position, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

// Status moves only through moderation (approve, reject, archive).
const fields = tableInput(testimonialsInsert, {
  author_name: text(200).min(1, { error: "must not be empty" }),
  author_title: text(200),
  customer_id: id,
  quote: text(5000).min(1, { error: "must not be empty" }),
  rating: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1).max(5, { error: "must be 1 to 5" }),
  is_featured: true,
  position: position.min(0, { error: "must be 0 or more" }),
});

const crud = createCrudProcedures({
  module: "cms",
  table: "testimonials",
  entity: "testimonial",
  row: testimonialsRow,
  create: fields,
  update: fields.partial(),
  filters: { status: testimonialsStatus.optional(), customer_id: id.optional() },
  search: ["author_name"],
});

const write = () => moduleProcedure("cms", "write");
const moderation = (action: cms.ModerationAction, summary: string) =>
  write()
    .meta({ summary, errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(z.object({ id }))
    .output(testimonialsRow)
    .mutation(({ ctx, input }) => cms.moderateTestimonial(ctx.tx, { id: input.id, action }, ctx.actor));

export const testimonialsRouter = router({
  list: crud.list,
  get: crud.get,
  create: write()
    .meta({ summary: "Records a testimonial as pending: nothing is public before it is approved.", errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(fields)
    .output(testimonialsRow)
    .mutation(({ ctx, input }) => cms.createTestimonial(ctx.tx, input, ctx.actor)),
  update: write()
    .meta({
      summary: "Edits a testimonial; changing its quote, author or rating sends a decided one back to pending (off the website).",
      errors: ["BAD_REQUEST", "NOT_FOUND"],
    })
    .input(fields.partial().extend({ id }))
    .output(testimonialsRow)
    .mutation(({ ctx, input }) => cms.updateTestimonial(ctx.tx, input, ctx.actor)),
  approve: moderation("approve", "Approves a pending (or rejected) testimonial: the website shows it."),
  reject: moderation("reject", "Rejects a pending (or approved) testimonial: the website does not show it."),
  archive: moderation("archive", "Archives a decided testimonial."),
});
