/** The ten ERP modules, in the order their tables are built (db/template/NN_module.sql). */
export const modules = [
  "catalog",
  "sales",
  "inventory",
  "procurement",
  "finance",
  "cms",
  "channels",
  "service",
  "analytics",
  "hr",
] as const;
export type Module = (typeof modules)[number];

export const tiers = ["starter", "growth", "professional", "enterprise"] as const;
export type Tier = (typeof tiers)[number];

/** Each tier serves the modules of the tier below it plus its own. Every tenant has every table. */
export const tierModules: Record<Tier, readonly Module[]> = {
  starter: ["catalog", "sales", "inventory"],
  growth: ["catalog", "sales", "inventory", "procurement", "finance", "cms"],
  professional: ["catalog", "sales", "inventory", "procurement", "finance", "cms", "channels", "service", "analytics"],
  enterprise: modules,
};

export function tierServes(tier: Tier, module: Module): boolean {
  return tierModules[tier].includes(module);
}

/** The lowest tier that serves a module (for messages: "upgrade to growth"). */
export function lowestTierFor(module: Module): Tier {
  return tiers.find((tier) => tierServes(tier, module)) ?? "enterprise";
}
