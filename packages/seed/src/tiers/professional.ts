import { growth } from "./growth.ts";
import { extendTier } from "./tierSpec.ts";

/** + channels, service, analytics: dealers and partners, field service, sales rollups. */
export const professional = extendTier(growth, "professional", {
  products: 50,
  categories: 8,
  brands: 6,
  customers: 20,
  orders: 30,
  vendors: 5,
  purchaseOrders: 10,
  cmsPages: 6,
  banners: 4,
  faqs: 10,
  dealers: 2,
  franchisees: 1,
  communityPartners: 2,
  technicians: 3,
  serviceRequests: 10,
  amcContracts: 3,
});
