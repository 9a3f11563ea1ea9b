import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

export const cmsInvariants: Invariant[] = [
  {
    module: "cms",
    name: "every page's newest revision holds its content",
    subjects: "pages",
    query: (t) => sql.fragment`
      SELECT p.slug AS subject,
        v.id IS NOT NULL AND (v.title, v.body, v.meta_title, v.meta_description)
          IS NOT DISTINCT FROM (p.title, p.body, p.meta_title, p.meta_description) AS ok,
        format('page %s: newest revision %s does not hold its current content', p.slug, coalesce(v.version_number::text, '(none)')) AS detail
      FROM ${t("cms_pages")} p
      LEFT JOIN LATERAL (
        SELECT * FROM ${t("cms_page_versions")} n WHERE n.cms_page_id = p.id ORDER BY n.version_number DESC LIMIT 1
      ) v ON true`,
  },
  {
    module: "cms",
    name: "a page is published exactly when one revision is",
    subjects: "pages",
    query: (t) => sql.fragment`
      SELECT p.slug AS subject,
        (p.status = 'published') = (count(v.id) = 1) AND count(v.id) <= 1
          AND (p.status <> 'published' OR p.published_at IS NOT NULL) AS ok,
        format('page %s is %s with %s published revisions', p.slug, p.status, count(v.id)) AS detail
      FROM ${t("cms_pages")} p LEFT JOIN ${t("cms_page_versions")} v ON v.cms_page_id = p.id AND v.is_published
      GROUP BY p.id, p.slug, p.status, p.published_at`,
  },
  {
    module: "cms",
    name: "revisions of a page are numbered 1, 2, 3, ... without gaps",
    subjects: "pages with revisions",
    query: (t) => sql.fragment`
      SELECT v.cms_page_id::text AS subject, max(v.version_number) = count(*) AND min(v.version_number) = 1 AS ok,
        format('page %s has %s revisions numbered %s to %s', v.cms_page_id, count(*), min(v.version_number), max(v.version_number)) AS detail
      FROM ${t("cms_page_versions")} v GROUP BY v.cms_page_id`,
  },
  {
    module: "cms",
    name: "a testimonial is moderated exactly when it has left pending",
    subjects: "testimonials",
    query: (t) => sql.fragment`
      SELECT id::text AS subject, (status = 'pending') = (moderated_at IS NULL) AS ok,
        format('testimonial %s is %s, moderated at %s', id, status, moderated_at) AS detail
      FROM ${t("testimonials")}`,
  },
  {
    module: "cms",
    name: "banner windows end after they start",
    subjects: "banners",
    query: (t) => sql.fragment`
      SELECT id::text AS subject, ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at AS ok,
        format('banner %s runs from %s to %s', title, starts_at, ends_at) AS detail
      FROM ${t("banners")}`,
  },
];
