import { InvalidInputError } from "@erp/db";
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

/** Validates with a zod schema; the first problem becomes one sentence naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(describeIssue(parsed.error.issues[0]));
}

export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "The input is invalid.";
  const field = issue.path.join(".");
  const message = issue.message;
  // Messages written here start with what they name ("slug …", "admin.email …", "--count …");
  // zod's own ones ("Invalid input") get the field prepended.
  const last = String(issue.path[issue.path.length - 1] ?? "");
  const named = message.startsWith(field) || message.startsWith("--") || (last !== "" && message.startsWith(last));
  const sentence = field && !named ? `${field}: ${message}` : message;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
