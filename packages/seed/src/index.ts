export { checkInvariants, invariants } from "./checkInvariants.ts";
export { type SeedTable, seedTables, seedTablesByModule } from "./db/seedTables.ts";
export { demoDataPlan, scalePlan } from "./demoDataPlan.ts";
export type { TableCounts } from "./generate/unitPlan.ts";
export type { Invariant, InvariantResult } from "./invariants/invariant.ts";
export { type SeedAtScaleInput, type SeedAtScaleProgress, type SeedAtScaleResult, seedAtScale } from "./seedAtScale.ts";
export { seedDemoData } from "./seedDemoData.ts";
export type { TierSpec, Volumes } from "./tiers/tierSpec.ts";
export { tierSpecs } from "./tiers/tierSpecs.ts";
