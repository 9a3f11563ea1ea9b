import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import type { StatusMove } from "../masterData/changeStatus.ts";

// The blog, contact-form and newsletter flows of the CMS. Each flow is a table of named moves
// (from which statuses, to which, what else they set); masterData/changeStatus applies them.

/**
 * A post is written as a draft, published (published_at is the publish time unless one is given)
 * and archived; an archived post may be published again. 'scheduled' is kept by the table for a
 * future publisher; publishing with a future published_at keeps the post off the website until then.
 */
export const blogPostMoves = {
  publish: { from: ["draft", "scheduled", "archived"], to: "published" },
  unpublish: { from: ["published", "scheduled"], to: "draft" },
  archive: { from: ["draft", "scheduled", "published"], to: "archived" },
} satisfies Record<string, StatusMove>;
export type BlogPostAction = keyof typeof blogPostMoves;

/** The publish move with its time: the given instant, or now. */
export function publishMove(publishedAt: string | undefined): StatusMove {
  return {
    ...blogPostMoves.publish,
    set: [sql.fragment`published_at = coalesce(${publishedAt ?? null}::timestamptz, published_at, statement_timestamp())`],
  };
}

/** Comment moderation: a pending comment is approved, rejected or marked spam; a decision may be changed. */
export const blogCommentMoves = {
  approve: { from: ["pending", "rejected", "spam"], to: "approved" },
  reject: { from: ["pending", "approved"], to: "rejected" },
  spam: { from: ["pending", "approved", "rejected"], to: "spam" },
} satisfies Record<string, StatusMove>;
export type BlogCommentAction = keyof typeof blogCommentMoves;

/** A contact-form message is new, taken in hand, then resolved (resolved_at set) or marked spam. */
export const contactSubmissionMoves = {
  start: { from: ["new"], to: "in_progress" },
  resolve: { from: ["new", "in_progress"], to: "resolved", set: [sql.fragment`resolved_at = statement_timestamp()`] },
  spam: { from: ["new", "in_progress"], to: "spam" },
  reopen: { from: ["resolved", "spam"], to: "in_progress", set: [sql.fragment`resolved_at = NULL`] },
} satisfies Record<string, StatusMove>;
export type ContactSubmissionAction = keyof typeof contactSubmissionMoves;

/** Newsletter consent: confirming sets confirmed_at (the table requires it for 'subscribed'). */
export const newsletterMoves = {
  confirm: {
    from: ["pending", "unsubscribed"],
    to: "subscribed",
    set: [sql.fragment`confirmed_at = statement_timestamp()`, sql.fragment`unsubscribed_at = NULL`],
  },
  unsubscribe: { from: ["pending", "subscribed"], to: "unsubscribed", set: [sql.fragment`unsubscribed_at = statement_timestamp()`] },
} satisfies Record<string, StatusMove>;
export type NewsletterAction = keyof typeof newsletterMoves;

const tagLink = z.object({ blog_tag_id: z.uuid() });

/**
 * Replaces a post's tags with exactly the given ones (an empty list removes them all); audited as
 * `tags` with the ids before and after. Unknown tag ids answer NOT_FOUND naming the first.
 */
export async function setBlogPostTags(
  tx: TenantQueries,
  input: { id: string; tag_ids: readonly string[] },
  actor: Actor,
): Promise<{ id: string; tag_ids: string[] }> {
  const post = await tx.maybeOne(sql.unsafe`SELECT id FROM blog_posts WHERE id = ${input.id} FOR UPDATE`);
  if (!post) throw new NotFoundError(`No blog post has the id ${input.id}.`);
  const wanted = [...new Set(input.tag_ids)];
  if (wanted.length !== input.tag_ids.length) throw new InvalidInputError("tag_ids: names a tag more than once.");
  const known = await tx.anyFirst(sql.unsafe`SELECT id FROM blog_tags WHERE id = ANY(${sql.array(wanted, "uuid")})`);
  const unknown = wanted.find((tag) => !known.includes(tag));
  if (unknown) throw new NotFoundError(`tag_ids: no blog tag has the id ${unknown}.`);
  const before = (
    await tx.any(sql.type(tagLink)`SELECT blog_tag_id FROM blog_post_tags WHERE blog_post_id = ${input.id} ORDER BY blog_tag_id`)
  ).map((row) => row.blog_tag_id);
  await tx.query(sql.unsafe`
    DELETE FROM blog_post_tags WHERE blog_post_id = ${input.id} AND NOT (blog_tag_id = ANY(${sql.array(wanted, "uuid")}))`);
  await tx.query(sql.unsafe`
    INSERT INTO blog_post_tags (blog_post_id, blog_tag_id)
    SELECT ${input.id}, tag FROM unnest(${sql.array(wanted, "uuid")}) AS tag
    ON CONFLICT (blog_post_id, blog_tag_id) DO NOTHING`);
  const after = [...wanted].sort();
  await recordAudit(tx, actor, {
    action: "tags",
    entity: "blog_posts",
    entityId: input.id,
    before: { tag_ids: before },
    after: { tag_ids: after },
  });
  return { id: input.id, tag_ids: after };
}

/** A post's tag ids, sorted. */
export async function blogPostTagIds(tx: TenantQueries, postId: string): Promise<string[]> {
  const post = await tx.maybeOne(sql.unsafe`SELECT id FROM blog_posts WHERE id = ${postId}`);
  if (!post) throw new NotFoundError(`No blog post has the id ${postId}.`);
  const rows = await tx.any(sql.type(tagLink)`SELECT blog_tag_id FROM blog_post_tags WHERE blog_post_id = ${postId} ORDER BY blog_tag_id`);
  return rows.map((row) => row.blog_tag_id);
}

const instant = z.iso.datetime({ offset: true });

/** A published blog post as the website shows it. */
export const siteBlogPost = z.object({
  slug: z.string(),
  title: z.string(),
  excerpt: z.string().nullable(),
  body: z.string(),
  published_at: instant,
  reading_minutes: z.number().int().nullable(),
  meta_title: z.string().nullable(),
  meta_description: z.string().nullable(),
  canonical_url: z.string().nullable(),
  noindex: z.boolean(),
  category: z.object({ slug: z.string(), name: z.string() }).nullable(),
  tags: z.array(z.object({ slug: z.string(), name: z.string() })),
});
export type SiteBlogPost = z.infer<typeof siteBlogPost>;

export const siteBlogPostSummary = siteBlogPost.pick({
  slug: true,
  title: true,
  excerpt: true,
  published_at: true,
  reading_minutes: true,
  category: true,
});
export type SiteBlogPostSummary = z.infer<typeof siteBlogPostSummary>;

/** The website's rule for a post: published, and its publish time has come. Never a draft. */
const visible = sql.fragment`p.status = 'published' AND p.published_at <= statement_timestamp()`;
const category = sql.fragment`CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('slug', c.slug, 'name', c.name) END AS category`;

/** The published post with this slug; NotFoundError for a draft, archived, future or missing one alike. */
export async function readSiteBlogPost(tx: TenantQueries, slug: string): Promise<SiteBlogPost> {
  const post = await tx.maybeOne(sql.type(siteBlogPost)`
    SELECT p.slug, p.title, p.excerpt, p.body, p.published_at, p.reading_minutes, p.meta_title, p.meta_description,
      p.canonical_url, p.noindex, ${category},
      coalesce((SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name) ORDER BY t.slug)
        FROM blog_post_tags pt JOIN blog_tags t ON t.id = pt.blog_tag_id WHERE pt.blog_post_id = p.id), '[]') AS tags
    FROM blog_posts p LEFT JOIN blog_categories c ON c.id = p.blog_category_id
    WHERE p.slug = ${slug} AND ${visible}`);
  if (!post) throw new NotFoundError(`The site has no blog post '${slug}'.`);
  return post;
}

/** Published posts, newest first, one keyset page (the cursor is the last post's slug); optionally one category's. */
export async function listSiteBlogPosts(
  tx: TenantQueries,
  input: { category?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: SiteBlogPostSummary[]; nextCursor: string | null }> {
  const inCategory = input.category === undefined ? sql.fragment`TRUE` : sql.fragment`c.slug = ${input.category}`;
  const after =
    input.cursor === undefined
      ? sql.fragment`TRUE`
      : sql.fragment`(p.published_at, p.slug) < (SELECT cp.published_at, cp.slug FROM blog_posts cp WHERE cp.slug = ${input.cursor})`;
  const rows = await tx.any(sql.type(siteBlogPostSummary)`
    SELECT p.slug, p.title, p.excerpt, p.published_at, p.reading_minutes, ${category}
    FROM blog_posts p LEFT JOIN blog_categories c ON c.id = p.blog_category_id
    WHERE ${visible} AND ${inCategory} AND ${after}
    ORDER BY p.published_at DESC, p.slug DESC LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.slug ?? null) : null };
}
