import { parseOptions as parseFlags, wholeNumberSchema } from "@erp/cli-kit";
import { z } from "zod";
import type { FaultsPlan } from "./stages/faults.ts";
import type { WorkflowsPlan } from "./stages/workflows.ts";

export const profiles = ["quick", "full"] as const;
export type Profile = (typeof profiles)[number];

/**
 * What each profile runs when a flag is not given: quick is CI's (< 3 min on 2 cores), full the
 * release check. Quick runs a small part of the faults stage (two killed provisionings, no restart).
 */
export const profileDefaults: Record<
  Profile,
  { tenants: number; durationSeconds: number; rate: number; faults: FaultsPlan; workflows: WorkflowsPlan }
> = {
  quick: { tenants: 20, durationSeconds: 10, rate: 50, faults: { kills: 2, restart: false }, workflows: { tenants: 4, flowsPerTenant: 1 } },
  full: {
    tenants: 200,
    durationSeconds: 60,
    rate: 100,
    faults: { kills: 10, restart: true },
    workflows: { tenants: 24, flowsPerTenant: 4 },
  },
};

/** "30s", "2m", "90" (seconds): k6's duration notation, whole seconds. */
export const durationSchema = z
  .string()
  .regex(/^\d+(s|m)?$/, { error: "--duration must be a number of seconds or minutes, such as 30s or 2m" })
  .transform((text) => (text.endsWith("m") ? Number.parseInt(text, 10) * 60 : Number.parseInt(text, 10)))
  .refine((seconds) => seconds >= 1 && seconds <= 3600, { error: "--duration must be between 1s and 60m" });

export const optionsSchema = z.object({
  profile: z.enum(profiles, { error: `--profile must be one of ${profiles.join(", ")}` }).default("quick"),
  // Tiers are spread round-robin, so four tenants are the least that cover every tier.
  tenants: wholeNumberSchema("--tenants", 4, 2000).optional(),
  concurrency: wholeNumberSchema("--concurrency", 1, 16).default(2),
  duration: durationSchema.optional(),
  rate: wholeNumberSchema("--rate", 1, 5000).optional(),
  report: z.string().min(1, { error: "--report must name a directory" }).optional(),
  json: z.boolean().default(false),
  keep: z.boolean().default(false),
});

export type ValidateOptions = {
  profile: Profile;
  tenants: number;
  concurrency: number;
  durationSeconds: number;
  rate: number;
  faults: FaultsPlan;
  workflows: WorkflowsPlan;
  reportDir: string | undefined;
  json: boolean;
  keep: boolean;
};

/** The flags, checked, with the profile's defaults filled in; bad input is one sentence naming the flag (exit 2). */
export function parseOptions(raw: Record<string, unknown>): ValidateOptions {
  const parsed = parseFlags(optionsSchema, raw);
  const defaults = profileDefaults[parsed.profile];
  return {
    profile: parsed.profile,
    tenants: parsed.tenants ?? defaults.tenants,
    concurrency: parsed.concurrency,
    durationSeconds: parsed.duration ?? defaults.durationSeconds,
    rate: parsed.rate ?? defaults.rate,
    faults: defaults.faults,
    workflows: defaults.workflows,
    reportDir: parsed.report,
    json: parsed.json,
    keep: parsed.keep,
  };
}
