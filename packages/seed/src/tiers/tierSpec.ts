import type { Module, Tier } from "@erp/tenancy";
import { tierModules } from "@erp/tenancy";

/**
 * How much demo data a tier gets, in business terms. Every count is a total for the tier (not an
 * increment over the tier below), and each belongs to one module: a tier may only size the
 * modules it serves, so an unserved module's tables stay empty.
 */
export type Volumes = {
  products: number;
  categories: number;
  brands: number;
  customers: number;
  orders: number;
  vendors: number;
  purchaseOrders: number;
  cmsPages: number;
  banners: number;
  faqs: number;
  dealers: number;
  franchisees: number;
  communityPartners: number;
  technicians: number;
  serviceRequests: number;
  amcContracts: number;
  employees: number;
};

const volumeModule: Record<keyof Volumes, Module> = {
  products: "catalog",
  categories: "catalog",
  brands: "catalog",
  customers: "sales",
  orders: "sales",
  vendors: "procurement",
  purchaseOrders: "procurement",
  cmsPages: "cms",
  banners: "cms",
  faqs: "cms",
  dealers: "channels",
  franchisees: "channels",
  communityPartners: "channels",
  technicians: "service",
  serviceRequests: "service",
  amcContracts: "service",
  employees: "hr",
};

export type TierSpec = { tier: Tier; modules: readonly Module[]; volumes: Volumes };

const noVolumes = Object.fromEntries(Object.keys(volumeModule).map((key) => [key, 0])) as Volumes;

/** The lowest tier: its volumes, every other count zero. */
export function defineTier(tier: Tier, volumes: Partial<Volumes>): TierSpec {
  return checked({ tier, modules: tierModules[tier], volumes: { ...noVolumes, ...volumes } });
}

/** A tier built on the one below: the same volumes except those it raises or adds. */
export function extendTier(below: TierSpec, tier: Tier, volumes: Partial<Volumes>): TierSpec {
  return checked({ tier, modules: tierModules[tier], volumes: { ...below.volumes, ...volumes } });
}

/**
 * The generators rely on a few proportions (a purchase order's three lines are distinct products
 * of one vendor; every dealer and franchisee has its own customer account): a tier that breaks
 * one fails at import, not half-way through a provisioning.
 */
function checked(spec: TierSpec): TierSpec {
  for (const [key, count] of Object.entries(spec.volumes) as [keyof Volumes, number][]) {
    if (!Number.isInteger(count) || count < 0) throw new Error(`${spec.tier}: volume ${key} must be a whole number ≥ 0.`);
    if (count > 0 && !spec.modules.includes(volumeModule[key])) {
      throw new Error(`${spec.tier}: volume ${key} belongs to ${volumeModule[key]}, which the tier does not serve.`);
    }
  }
  const v = spec.volumes;
  if (v.products < 3 || v.categories < 1 || v.brands < 1) throw new Error(`${spec.tier}: needs ≥ 3 products, a category and a brand.`);
  if (v.orders > 0 && v.customers < 1) throw new Error(`${spec.tier}: orders need customers.`);
  if (v.vendors > 0 && v.products < 3 * v.vendors) throw new Error(`${spec.tier}: needs ≥ 3 products per vendor.`);
  if (v.dealers + v.franchisees > v.customers) throw new Error(`${spec.tier}: every dealer and franchisee needs a customer account.`);
  if ((v.serviceRequests > 0 || v.amcContracts > 0) && v.technicians < 1) throw new Error(`${spec.tier}: service needs technicians.`);
  return spec;
}
