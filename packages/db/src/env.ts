import { z } from "zod";
import { ConfigurationError } from "./errors.ts";

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
});

/** The database settings of the environment, validated once. Nothing else reads process.env for them. */
export function readDbEnv(env: NodeJS.ProcessEnv = process.env): z.infer<typeof schema> {
  const parsed = schema.safeParse({ DATABASE_URL: env.DATABASE_URL || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(`DATABASE_URL ${issue?.message ?? "is invalid"}.`);
  }
  return parsed.data;
}
