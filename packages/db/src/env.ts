import { z } from "zod";
import { ConfigurationError } from "./errors.ts";

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
  .optional();

const schema = z.object({
  DATABASE_URL: postgresUrl,
  API_DATABASE_URL: postgresUrl,
  DB_POOLER: z.enum(["none", "transaction"], { error: "must be none or transaction" }).default("none"),
});

export type DbEnv = z.infer<typeof schema>;

/** The database settings of the environment, validated once. Nothing else reads process.env for them. */
export function readDbEnv(env: NodeJS.ProcessEnv = process.env): DbEnv {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key] || undefined]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigurationError(`${String(issue?.path[0] ?? "DATABASE_URL")} ${issue?.message ?? "is invalid"}.`);
  }
  return parsed.data;
}
