import { router } from "../../trpc.ts";
import { bannersRouter } from "./banners.ts";
import { faqCategoriesRouter } from "./faqCategories.ts";
import { faqsRouter } from "./faqs.ts";
import { pagesRouter } from "./pages.ts";
import { testimonialsRouter } from "./testimonials.ts";

export const cmsRouter = router({
  pages: pagesRouter,
  banners: bannersRouter,
  testimonials: testimonialsRouter,
  faqCategories: faqCategoriesRouter,
  faqs: faqsRouter,
});
