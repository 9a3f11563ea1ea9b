import { cmsPagesInsert, cmsPagesRow, cmsPagesStatus } from "@erp/db-types";
import { cms } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { attributes, id, page, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

/** A page slug may be a path: "about/team". */
export const pageSlug = z
  .string({ error: "must be a string" })
  .max(200, { error: "must be at most 200 characters" })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*$/, { error: "must be lower-case words joined by '-', segments by '/'" });

// Status and published_at are not fields: they move only through publish, unpublish and archive.
const fields = tableInput(cmsPagesInsert, {
  slug: pageSlug,
  title: text(200).min(1, { error: "must not be empty" }),
  body: text(200_000),
  parent_id: id,
  template: text(100),
  meta_title: text(200),
  meta_description: text(500),
  meta_keywords: text(500),
  canonical_url: url,
  noindex: true,
  attributes,
});
const changeNote = { change_note: text(500).nullish() };

const crud = createCrudProcedures({
  module: "cms",
  table: "cms_pages",
  entity: "page",
  row: cmsPagesRow,
  create: fields,
  update: fields.partial(),
  filters: { status: cmsPagesStatus.optional(), parent_id: id.optional() },
  search: ["title", "slug"],
});

const write = () => moduleProcedure("cms", "write");
const byId = z.object({ id });

export const pagesRouter = router({
  list: crud.list,
  get: moduleProcedure("cms")
    .meta({ summary: "A page with the numbers of its newest revision and of its published one.", errors: ["NOT_FOUND"] })
    .input(byId)
    .output(cms.pageWithRevisions)
    .query(({ ctx, input }) => cms.loadPage(ctx.tx, input.id)),
  create: write()
    .meta({ summary: "Creates a draft page and its first revision.", errors: ["BAD_REQUEST", "CONFLICT", "NOT_FOUND"] })
    .input(fields.extend(changeNote))
    .output(cms.pageWithRevisions)
    .mutation(({ ctx, input }) => cms.createPage(ctx.tx, input, ctx.actor)),
  update: write()
    .meta({
      summary:
        "Saves changes to a draft or published page as a new revision; the website keeps showing the published revision until the page is published again.",
      errors: ["BAD_REQUEST", "CONFLICT", "NOT_FOUND"],
    })
    .input(fields.partial().extend({ id, ...changeNote }))
    .output(cms.pageWithRevisions)
    .mutation(({ ctx, input }) => cms.updatePage(ctx.tx, input, ctx.actor)),
  publish: write()
    .meta({ summary: "Publishes the page's newest revision: the website shows it from now on.", errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(byId)
    .output(cms.pageWithRevisions)
    .mutation(({ ctx, input }) => cms.publishPage(ctx.tx, input, ctx.actor)),
  unpublish: write()
    .meta({ summary: "Takes a published page off the website (back to draft).", errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(byId)
    .output(cms.pageWithRevisions)
    .mutation(({ ctx, input }) => cms.unpublishPage(ctx.tx, input, ctx.actor)),
  archive: write()
    .meta({ summary: "Archives a page: off the website, no more edits; its revisions stay.", errors: ["BAD_REQUEST", "NOT_FOUND"] })
    .input(byId)
    .output(cms.pageWithRevisions)
    .mutation(({ ctx, input }) => cms.archivePage(ctx.tx, input, ctx.actor)),
  revisions: router({
    list: moduleProcedure("cms")
      .meta({ summary: "A page's revisions, newest first (the cursor is a revision number).", errors: ["NOT_FOUND"] })
      .input(z.object({ id, cursor: z.number().int().min(1).optional(), limit: page.limit }))
      .output(z.object({ items: z.array(cms.pageRevision), nextCursor: z.number().int().nullable() }))
      .query(({ ctx, input }) => cms.listPageRevisions(ctx.tx, input)),
    restore: write()
      .meta({
        summary: "Makes an old revision the page's content again, saved as a new revision (publish to show it on the website).",
        errors: ["BAD_REQUEST", "NOT_FOUND"],
      })
      .input(z.object({ id, revision: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1) }))
      .output(cms.pageWithRevisions)
      .mutation(({ ctx, input }) => cms.restorePageRevision(ctx.tx, input, ctx.actor)),
  }),
});
