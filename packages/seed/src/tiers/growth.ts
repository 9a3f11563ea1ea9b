import { starter } from "./starter.ts";
import { extendTier } from "./tierSpec.ts";

/** + procurement, finance, cms: suppliers and purchase orders, the books, a website. */
export const growth = extendTier(starter, "growth", {
  products: 25,
  categories: 5,
  brands: 4,
  customers: 10,
  orders: 15,
  vendors: 2,
  purchaseOrders: 5,
  cmsPages: 4,
  banners: 3,
  faqs: 6,
});
