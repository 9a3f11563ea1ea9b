import {
  blogCategoriesInsert,
  blogCategoriesRow,
  blogCommentsInsert,
  blogCommentsRow,
  blogCommentsStatus,
  blogPostsInsert,
  blogPostsRow,
  blogPostsStatus,
  blogTagsInsert,
  blogTagsRow,
} from "@erp/db-types";
import { cms } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { statusMoveProcedure } from "../../crud/statusMoveProcedure.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { email, id, instant, name, position, slug, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const categoryFields = tableInput(blogCategoriesInsert, {
  slug,
  name,
  parent_id: id,
  description: text(2000),
  position: position.min(0, { error: "must be 0 or more" }),
});

const categories = createCrudProcedures({
  module: "cms",
  table: "blog_categories",
  entity: "blog category",
  row: blogCategoriesRow,
  create: categoryFields,
  update: categoryFields.partial(),
  filters: { parent_id: id.optional() },
  search: ["name", "slug"],
  // A category still holding posts answers CONFLICT.
  removable: true,
});
export const blogCategoriesRouter = router({
  list: categories.list,
  get: categories.get,
  create: categories.create,
  update: categories.update,
  remove: categories.remove,
});

const tagFields = tableInput(blogTagsInsert, { slug, name: text(100).trim().min(1, { error: "must not be empty" }) });

const tags = createCrudProcedures({
  module: "cms",
  table: "blog_tags",
  entity: "blog tag",
  row: blogTagsRow,
  create: tagFields,
  update: tagFields.partial(),
  search: ["name", "slug"],
  // Removing a tag takes it off every post (blog_post_tags cascades).
  removable: true,
});
export const blogTagsRouter = router({ list: tags.list, get: tags.get, create: tags.create, update: tags.update, remove: tags.remove });

// Status moves only through publish, unpublish and archive: a new post is a draft.
const postFields = tableInput(blogPostsInsert, {
  slug,
  title: text(200).min(1, { error: "must not be empty" }),
  excerpt: text(2000),
  body: text(200_000),
  blog_category_id: id,
  author_id: id,
  featured_image_id: id,
  reading_minutes: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" }),
  allow_comments: true,
  meta_title: text(200),
  meta_description: text(500),
  canonical_url: url,
  noindex: true,
});

const posts = createCrudProcedures({
  module: "cms",
  table: "blog_posts",
  entity: "blog post",
  row: blogPostsRow,
  create: postFields,
  update: postFields.partial(),
  filters: { status: blogPostsStatus.optional(), blog_category_id: id.optional(), author_id: id.optional() },
  search: ["title", "slug"],
  prepare: (_input, user) => ({ author_id: user.id }),
});

const postLabel = (row: Record<string, unknown>) => `'${String(row.slug)}'`;
const postMove = (action: cms.BlogPostAction, summary: string) =>
  statusMoveProcedure({
    module: "cms",
    table: "blog_posts",
    entity: "blog post",
    row: blogPostsRow,
    action,
    summary,
    label: postLabel,
    move: () => cms.blogPostMoves[action],
  });

export const blogPostsRouter = router({
  list: posts.list,
  get: posts.get,
  create: posts.create,
  update: posts.update,
  publish: statusMoveProcedure({
    module: "cms",
    table: "blog_posts",
    entity: "blog post",
    row: blogPostsRow,
    action: "publish",
    summary:
      "Publishes a draft, scheduled or archived post: on the website from published_at (the given instant, else the earlier publish time, else now).",
    label: postLabel,
    extra: { published_at: instant.optional() },
    move: (input) => cms.publishMove(input.published_at),
  }),
  unpublish: postMove("unpublish", "Takes a published post back to draft: off the website."),
  archive: postMove("archive", "Archives a post: off the website, kept for history; it may be published again."),
  tags: moduleProcedure("cms", "read")
    .meta({ summary: "The ids of a post's tags.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(z.object({ id, tag_ids: z.array(id) }))
    .query(async ({ ctx, input }) => ({ id: input.id, tag_ids: await cms.blogPostTagIds(ctx.tx, input.id) })),
  setTags: moduleProcedure("cms", "write")
    .meta({
      summary: "Replaces a post's tags with exactly the given ones (an empty list removes all).",
      errors: ["BAD_REQUEST", "NOT_FOUND"],
    })
    .input(z.object({ id, tag_ids: z.array(id).max(100, { error: "must name at most 100 tags" }) }))
    .output(z.object({ id, tag_ids: z.array(id) }))
    .mutation(({ ctx, input }) => cms.setBlogPostTags(ctx.tx, input, ctx.actor)),
});

// A comment entered here starts pending like any other; its status moves only by moderation.
const commentFields = tableInput(blogCommentsInsert, {
  blog_post_id: id,
  parent_id: id,
  customer_id: id,
  author_name: name,
  author_email: email,
  body: text(10_000).min(1, { error: "must not be empty" }),
});

const comments = createCrudProcedures({
  module: "cms",
  table: "blog_comments",
  entity: "blog comment",
  row: blogCommentsRow,
  create: commentFields,
  update: commentFields.pick({ body: true, author_name: true }).partial(),
  filters: { status: blogCommentsStatus.optional(), blog_post_id: id.optional() },
  search: ["author_name", "body"],
  removable: true,
});

const moderate = (action: cms.BlogCommentAction, summary: string) =>
  statusMoveProcedure({
    module: "cms",
    table: "blog_comments",
    entity: "blog comment",
    row: blogCommentsRow,
    action,
    summary,
    move: () => cms.blogCommentMoves[action],
  });

export const blogCommentsRouter = router({
  list: comments.list,
  get: comments.get,
  create: comments.create,
  update: comments.update,
  remove: comments.remove,
  approve: moderate("approve", "Approves a pending (or rejected, or spam) comment."),
  reject: moderate("reject", "Rejects a pending or approved comment."),
  spam: moderate("spam", "Marks a comment as spam."),
});
