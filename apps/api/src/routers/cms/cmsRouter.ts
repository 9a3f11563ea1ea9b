import { router } from "../../trpc.ts";
import { contactSubmissionsRouter, newsletterSubscribersRouter } from "./audience.ts";
import { bannersRouter } from "./banners.ts";
import { blogCategoriesRouter, blogCommentsRouter, blogPostsRouter, blogTagsRouter } from "./blog.ts";
import { faqCategoriesRouter } from "./faqCategories.ts";
import { faqsRouter } from "./faqs.ts";
import { mediaAssetsRouter, mediaFoldersRouter } from "./media.ts";
import { cmsMenuItemsRouter, cmsMenusRouter } from "./menus.ts";
import { pagesRouter } from "./pages.ts";
import {
  cmsBlocksRouter,
  cmsPageBlocksRouter,
  landingPagesRouter,
  redirectsRouter,
  seoSettingsRouter,
  siteSettingsRouter,
} from "./siteContent.ts";
import { testimonialsRouter } from "./testimonials.ts";

export const cmsRouter = router({
  pages: pagesRouter,
  banners: bannersRouter,
  testimonials: testimonialsRouter,
  faqCategories: faqCategoriesRouter,
  faqs: faqsRouter,
  // Master data and simple workflows (docs/modules/cms.md, "Master data").
  blogCategories: blogCategoriesRouter,
  blogTags: blogTagsRouter,
  blogPosts: blogPostsRouter,
  blogComments: blogCommentsRouter,
  menus: cmsMenusRouter,
  menuItems: cmsMenuItemsRouter,
  mediaFolders: mediaFoldersRouter,
  mediaAssets: mediaAssetsRouter,
  redirects: redirectsRouter,
  seoSettings: seoSettingsRouter,
  siteSettings: siteSettingsRouter,
  landingPages: landingPagesRouter,
  blocks: cmsBlocksRouter,
  pageBlocks: cmsPageBlocksRouter,
  newsletterSubscribers: newsletterSubscribersRouter,
  contactSubmissions: contactSubmissionsRouter,
});
