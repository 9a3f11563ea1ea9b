import { router } from "../../trpc.ts";
import { faqsRouter } from "./faqs.ts";
import { pagesRouter } from "./pages.ts";

export const cmsRouter = router({
  pages: pagesRouter,
  faqs: faqsRouter,
});
