import { parseInput, type Tier, tierSchema } from "@erp/tenancy";
import type { TierSpec } from "./tiers/tierSpec.ts";
import { tierSpecs } from "./tiers/tierSpecs.ts";

/** The spec of a tier given by a caller; an unknown tier is an InvalidInputError naming the allowed ones. */
export function specOf(tier: unknown): TierSpec {
  return tierSpecs[parseInput(tierSchema, tier) as Tier];
}
