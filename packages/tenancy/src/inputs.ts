import { z } from "zod";
import { slugSchema } from "./tenantNames.ts";
import { tiers } from "./tiers.ts";

export const tierSchema = z.enum(tiers, { error: `tier must be one of ${tiers.join(", ")}` });

export const provisionInputSchema = z.object({
  slug: slugSchema,
  name: z
    .string({ error: "name must be a string" })
    .trim()
    .min(1, { error: "name must not be empty" })
    .max(200, { error: "name must be at most 200 characters" })
    .optional(),
  tier: tierSchema,
  admin: z.object({
    email: z.email({ error: "admin.email must be an email address" }).transform((email) => email.toLowerCase()),
    password: z
      .string({ error: "admin.password must be a string" })
      .min(12, { error: "admin.password must be at least 12 characters" })
      .max(200, { error: "admin.password must be at most 200 characters" }),
  }),
  seedDemoData: z.boolean().default(false),
  /** Seed for the demo data (defaults to the slug, so the same slug gets the same data). */
  demoDataSeed: z.string().max(100).optional(),
});

export type ProvisionInput = z.input<typeof provisionInputSchema>;
export type ParsedProvisionInput = z.output<typeof provisionInputSchema>;

// The input checks of this package fail with one sentence naming the field (see @erp/db).
export { describeIssue, parseInput } from "@erp/db";
