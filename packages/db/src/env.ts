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
  DB_TENANT_AFFINITY: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
  DB_TENANTS_PER_CONNECTION: z.coerce
    .number({ error: "must be a number of tenants" })
    .int({ error: "must be a whole number of tenants" })
    .min(1, { error: "must be between 1 and 1000000 tenants" })
    .max(1_000_000, { error: "must be between 1 and 1000000 tenants" })
    .default(1000),
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
