import { NotFoundError, type TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";

// What a tenant's public website may read. Every query here names its visibility rule in its
// WHERE clause (published, approved, active within the window): these are the only reads the
// public path makes, and it makes them in a read-only transaction under the tenant's own role.

const instant = z.iso.datetime({ offset: true });

/** A published page as the website shows it: the content of its published revision. */
export const sitePage = z.object({
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  template: z.string(),
  meta_title: z.string().nullable(),
  meta_description: z.string().nullable(),
  meta_keywords: z.string().nullable(),
  canonical_url: z.string().nullable(),
  noindex: z.boolean(),
  published_at: instant,
  revision: z.number().int(),
});
export type SitePage = z.infer<typeof sitePage>;

export const sitePageSummary = sitePage.pick({ slug: true, title: true, meta_description: true, published_at: true });
export type SitePageSummary = z.infer<typeof sitePageSummary>;

export const siteBanner = z.object({
  title: z.string(),
  subtitle: z.string().nullable(),
  image_url: z.string(),
  mobile_image_url: z.string().nullable(),
  link_url: z.string().nullable(),
  placement: z.string(),
  position: z.number().int(),
  starts_at: instant.nullable(),
  ends_at: instant.nullable(),
});
export type SiteBanner = z.infer<typeof siteBanner>;

export const siteTestimonial = z.object({
  id: z.uuid(),
  author_name: z.string(),
  author_title: z.string().nullable(),
  quote: z.string(),
  rating: z.number().int().nullable(),
  is_featured: z.boolean(),
});
export type SiteTestimonial = z.infer<typeof siteTestimonial>;

export const siteFaq = z.object({
  id: z.uuid(),
  question: z.string(),
  answer: z.string(),
  position: z.number().int(),
  category: z.object({ slug: z.string(), name: z.string() }).nullable(),
});
export type SiteFaq = z.infer<typeof siteFaq>;

const published = sql.fragment`p.status = 'published' AND v.is_published`;

/** The published page with this slug; NotFoundError for a draft, archived or missing one alike. */
export async function readSitePage(tx: TenantQueries, slug: string): Promise<SitePage> {
  const page = await tx.maybeOne(sql.type(sitePage)`
    SELECT p.slug, v.title, v.body, p.template, v.meta_title, v.meta_description, p.meta_keywords, p.canonical_url, p.noindex,
      p.published_at, v.version_number AS revision
    FROM cms_pages p JOIN cms_page_versions v ON v.cms_page_id = p.id
    WHERE p.slug = ${slug} AND ${published}`);
  if (!page) throw new NotFoundError(`The site has no page '${slug}'.`);
  return page;
}

/** Published pages by slug, one keyset page (the cursor is the last slug). */
export async function listSitePages(
  tx: TenantQueries,
  input: { cursor?: string | undefined; limit: number },
): Promise<{ items: SitePageSummary[]; nextCursor: string | null }> {
  const after = input.cursor === undefined ? sql.fragment`TRUE` : sql.fragment`p.slug > ${input.cursor}`;
  const rows = await tx.any(sql.type(sitePageSummary)`
    SELECT p.slug, v.title, v.meta_description, p.published_at
    FROM cms_pages p JOIN cms_page_versions v ON v.cms_page_id = p.id
    WHERE ${published} AND ${after} ORDER BY p.slug LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.slug ?? null) : null };
}

/** Banners on the website now: active, and now within their window (start inclusive, end exclusive). */
export async function listActiveBanners(tx: TenantQueries, input: { placement?: string | undefined }): Promise<SiteBanner[]> {
  const placement = input.placement === undefined ? sql.fragment`TRUE` : sql.fragment`placement = ${input.placement}`;
  const rows = await tx.any(sql.type(siteBanner)`
    SELECT title, subtitle, image_url, mobile_image_url, link_url, placement, position, starts_at, ends_at
    FROM banners
    WHERE status = 'active' AND (starts_at IS NULL OR starts_at <= statement_timestamp())
      AND (ends_at IS NULL OR statement_timestamp() < ends_at) AND ${placement}
    ORDER BY placement, position, id LIMIT 100`);
  return [...rows];
}

/** Approved testimonials, oldest first, one keyset page. */
export async function listSiteTestimonials(
  tx: TenantQueries,
  input: { cursor?: string | undefined; limit: number },
): Promise<{ items: SiteTestimonial[]; nextCursor: string | null }> {
  const after = input.cursor === undefined ? sql.fragment`TRUE` : sql.fragment`id > ${input.cursor}`;
  const rows = await tx.any(sql.type(siteTestimonial)`
    SELECT id, author_name, author_title, quote, rating, is_featured FROM testimonials
    WHERE status = 'approved' AND ${after} ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Published FAQs in their order: FAQs without a category first, then each active category in its
 * order; with `category`, that category's only (NotFoundError when it is unknown or inactive). One
 * keyset page; the cursor is the last FAQ's id.
 */
export async function listSiteFaqs(
  tx: TenantQueries,
  input: { category?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: SiteFaq[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`f.status = 'published'`, sql.fragment`(c.id IS NULL OR c.is_active)`];
  if (input.category !== undefined) {
    const found = await tx.exists(sql.unsafe`SELECT 1 FROM faq_categories WHERE slug = ${input.category} AND is_active`);
    if (!found) throw new NotFoundError(`The site has no FAQ category '${input.category}'.`);
    conditions.push(sql.fragment`c.slug = ${input.category}`);
  }
  if (input.cursor !== undefined) {
    conditions.push(sql.fragment`(coalesce(c.position, -1), coalesce(c.slug, ''), f.position) > (
      SELECT coalesce(cc.position, -1), coalesce(cc.slug, ''), cf.position
      FROM faqs cf LEFT JOIN faq_categories cc ON cc.id = cf.faq_category_id WHERE cf.id = ${input.cursor})`);
  }
  const rows = await tx.any(sql.type(siteFaq)`
    SELECT f.id, f.question, f.answer, f.position,
      CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('slug', c.slug, 'name', c.name) END AS category
    FROM faqs f LEFT JOIN faq_categories c ON c.id = f.faq_category_id
    WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY coalesce(c.position, -1), coalesce(c.slug, ''), f.position LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}
