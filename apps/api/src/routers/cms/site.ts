import { bannersPlacement } from "@erp/db-types";
import { cms } from "@erp/erp";
import { z } from "zod";
import { router, siteProcedure, siteTenantMessage } from "../../trpc.ts";
import { id, page, slug } from "../../validation/fields.ts";
import { pageSlug } from "./pages.ts";

// The public read path of a tenant's website: no token, the tenant named by its slug. Each
// procedure runs in a read-only transaction under the tenant's own role (siteProcedure) and
// reads only what its query lets the public see.

/** The tenant in every input; siteProcedure checks it (with the same sentence) before this schema runs. */
const tenant = z.string({ error: siteTenantMessage }).regex(/^[a-z][a-z0-9_]{2,39}$/, { error: siteTenantMessage });
const errors = ["BAD_REQUEST", "NOT_FOUND", "TOO_MANY_REQUESTS"] as const;

export const siteRouter = router({
  pages: router({
    get: siteProcedure
      .meta({ summary: "A published page of the tenant's website, as its published revision says.", errors: [...errors] })
      .input(z.object({ tenant, slug: pageSlug }))
      .output(cms.sitePage)
      .query(({ ctx, input }) => cms.readSitePage(ctx.tx, input.slug)),
    list: siteProcedure
      .meta({ summary: "The website's published pages by slug (the cursor is the last slug).", errors: [...errors] })
      .input(z.object({ tenant, cursor: pageSlug.optional(), limit: page.limit }))
      .output(z.object({ items: z.array(cms.sitePageSummary), nextCursor: z.string().nullable() }))
      .query(({ ctx, input }) => cms.listSitePages(ctx.tx, input)),
  }),
  banners: router({
    active: siteProcedure
      .meta({ summary: "Banners on the website now: active and within their window (at most 100).", errors: [...errors] })
      .input(z.object({ tenant, placement: bannersPlacement.optional() }))
      .output(z.object({ items: z.array(cms.siteBanner) }))
      .query(async ({ ctx, input }) => ({ items: await cms.listActiveBanners(ctx.tx, input) })),
  }),
  testimonials: router({
    list: siteProcedure
      .meta({ summary: "Approved testimonials, oldest first.", errors: [...errors] })
      .input(z.object({ tenant, ...page }))
      .output(z.object({ items: z.array(cms.siteTestimonial), nextCursor: id.nullable() }))
      .query(({ ctx, input }) => cms.listSiteTestimonials(ctx.tx, input)),
  }),
  blog: router({
    get: siteProcedure
      .meta({ summary: "A published blog post by slug, with its category and tags (never a draft or a future post).", errors: [...errors] })
      .input(z.object({ tenant, slug }))
      .output(cms.siteBlogPost)
      .query(({ ctx, input }) => cms.readSiteBlogPost(ctx.tx, input.slug)),
    list: siteProcedure
      .meta({
        summary: "Published blog posts, newest first, optionally one category's (the cursor is the last slug).",
        errors: [...errors],
      })
      .input(z.object({ tenant, category: slug.optional(), cursor: slug.optional(), limit: page.limit }))
      .output(z.object({ items: z.array(cms.siteBlogPostSummary), nextCursor: z.string().nullable() }))
      .query(({ ctx, input }) => cms.listSiteBlogPosts(ctx.tx, input)),
  }),
  faqs: router({
    list: siteProcedure
      .meta({
        summary: "Published FAQs in their order (without a category first, then by category), or one active category's.",
        errors: [...errors],
      })
      .input(z.object({ tenant, category: slug.optional(), ...page }))
      .output(z.object({ items: z.array(cms.siteFaq), nextCursor: id.nullable() }))
      .query(({ ctx, input }) => cms.listSiteFaqs(ctx.tx, input)),
  }),
});
