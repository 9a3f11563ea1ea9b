import type { z } from "zod";
import { InvalidInputError } from "./errors.ts";

/**
 * Validates with a zod schema; the first problem becomes an InvalidInputError of one sentence
 * naming the field (`--flag` names with `naming: "flag"`, for command-line options).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, options: { naming?: "field" | "flag" } = {}): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidInputError(describeIssue(parsed.error.issues[0], options.naming));
}

/** One zod issue as a sentence that names its field: the one place zod problems become words. */
export function describeIssue(issue: z.core.$ZodIssue | undefined, naming: "field" | "flag" = "field"): string {
  if (!issue) return "The input is invalid.";
  const path = issue.path.map(String);
  const field =
    naming === "flag" && path.length > 0 ? `--${path.join(".").replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}` : path.join(".");
  const message = issue.message;
  // Messages written here start with what they name ("slug …", "admin.email …", "--count …");
  // zod's own ones ("Invalid input") get the field prepended.
  const last = path[path.length - 1] ?? "";
  const named = message.startsWith(field) || message.startsWith("--") || (last !== "" && message.startsWith(last));
  const sentence = field && !named ? `${field}: ${message}` : message;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
