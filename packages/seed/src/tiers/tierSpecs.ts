import type { Tier } from "@erp/tenancy";
import { enterprise } from "./enterprise.ts";
import { growth } from "./growth.ts";
import { professional } from "./professional.ts";
import { starter } from "./starter.ts";
import type { TierSpec } from "./tierSpec.ts";

export const tierSpecs: Record<Tier, TierSpec> = { starter, growth, professional, enterprise };
