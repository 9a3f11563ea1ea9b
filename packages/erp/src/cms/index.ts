export { type BannerAction, type BannerFields, bannerTransitions, changeBannerStatus, createBanner, updateBanner } from "./banners.ts";
export { createFaq, type FaqFields, listGroup, moveFaq, reorderFaqs } from "./faqs.ts";
export {
  archivePage,
  type ChangeNote,
  createPage,
  listPageRevisions,
  loadPage,
  type PageFields,
  type PageRevision,
  type PageWithRevisions,
  pageRevision,
  pageWithRevisions,
  publishPage,
  restorePageRevision,
  unpublishPage,
  updatePage,
} from "./pages.ts";
export {
  listActiveBanners,
  listSiteFaqs,
  listSitePages,
  listSiteTestimonials,
  readSitePage,
  type SiteBanner,
  type SiteFaq,
  type SitePage,
  type SitePageSummary,
  type SiteTestimonial,
  siteBanner,
  siteFaq,
  sitePage,
  sitePageSummary,
  siteTestimonial,
} from "./site.ts";
export {
  createTestimonial,
  type ModerationAction,
  moderateTestimonial,
  moderationTransitions,
  type TestimonialFields,
  updateTestimonial,
} from "./testimonials.ts";
