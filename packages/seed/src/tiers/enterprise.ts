import { professional } from "./professional.ts";
import { extendTier } from "./tierSpec.ts";

/** + hr: every module, with people on the payroll. */
export const enterprise = extendTier(professional, "enterprise", {
  products: 100,
  categories: 12,
  brands: 8,
  customers: 30,
  orders: 50,
  vendors: 10,
  purchaseOrders: 20,
  cmsPages: 8,
  banners: 5,
  faqs: 12,
  dealers: 5,
  franchisees: 2,
  communityPartners: 3,
  technicians: 5,
  serviceRequests: 20,
  amcContracts: 5,
  employees: 3,
});
