/** The invariants moved to @erp/erp (the system's rules, not only the demo data's); re-exported for compatibility. */
export { checkInvariants, type Invariant, type InvariantResult, invariants } from "@erp/erp";
export { type SeedTable, seedTables, seedTablesByModule } from "./db/seedTables.ts";
export { demoDataPlan, scalePlan } from "./demoDataPlan.ts";
export type { TableCounts } from "./generate/unitPlan.ts";
export { type SeedAtScaleInput, type SeedAtScaleProgress, type SeedAtScaleResult, seedAtScale } from "./seedAtScale.ts";
export { seedDemoData } from "./seedDemoData.ts";
export type { TierSpec, Volumes } from "./tiers/tierSpec.ts";
export { tierSpecs } from "./tiers/tierSpecs.ts";
