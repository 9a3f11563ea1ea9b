import { randomBytes } from "node:crypto";
import { ConfigurationError } from "@erp/db";
import { z } from "zod";
import { defaultSignInSettings, type SignInSettings } from "./auth/createSignInGuard.ts";
import { defaultSiteLimitSettings, type SiteLimitSettings } from "./site/createSiteLimits.ts";

const logLevels = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof logLevels)[number];

/** A whole number from `min` to `max` (or unset: the default applies later). */
const wholeNumber = (min: number, max: number, unit: string) =>
  z.coerce
    .number({ error: `must be a number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be between ${min} and ${max} ${unit}` })
    .max(max, { error: `must be between ${min} and ${max} ${unit}` })
    .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"], { error: "must be development, production or test" }).default("development"),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int({ error: "must be a whole number" })
    .min(0, { error: "must be between 0 and 65535" })
    .max(65535, { error: "must be between 0 and 65535" })
    .default(3000),
  // Loopback unless chosen: a development server must not be reachable from the network by accident.
  HOST: z
    .union([z.ipv4(), z.ipv6(), z.hostname()], { error: "must be an IP address (such as 127.0.0.1 or 0.0.0.0) or a host name" })
    .default("127.0.0.1"),
  OPERATOR_KEY: z.string().min(24, { error: "must be at least 24 characters" }).optional(),
  TOKEN_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  TOKEN_TTL_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .int({ error: "must be a whole number of seconds" })
    .min(60, { error: "must be at least 60 seconds" })
    .max(30 * 24 * 3600, { error: "must be at most 30 days (2592000 seconds)" })
    .default(3600),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` }).default("info"),
  DB_POOL_SIZE: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be between 1 and 200" })
    .max(200, { error: "must be between 1 and 200" })
    .default(10),
  LOGIN_MAX_FAILURES: wholeNumber(1, 1000, "failed sign-ins"),
  LOGIN_LOCKOUT_SECONDS: wholeNumber(1, 86_400, "seconds"),
  LOGIN_MAX_FAILURES_PER_ADDRESS: wholeNumber(1, 1_000_000, "failed sign-ins"),
  PASSWORD_HASH_CONCURRENCY: wholeNumber(1, 64, "hashes"),
  PASSWORD_HASH_QUEUE: wholeNumber(0, 10_000, "sign-ins"),
  LOGIN_ATTEMPTS_RETENTION_DAYS: wholeNumber(1, 3650, "days"),
  SITE_READS_PER_MINUTE: wholeNumber(1, 1_000_000, "reads"),
  TENANT_CACHE_TTL_MS: wholeNumber(1, 600_000, "milliseconds"),
});

/** TENANT_CACHE_TTL_MS when unset. */
export const defaultTenantCacheTtlMs = 5_000;

export type ApiEnv = {
  /** The address the server listens on (HOST): 127.0.0.1 unless set, 0.0.0.0 to serve other machines. */
  host: string;
  port: number;
  operatorKey: string;
  tokenSecret: string;
  tokenTtlSeconds: number;
  logLevel: LogLevel;
  dbPoolSize: number;
  /**
   * How long a cached registry row, or a user's cached roles and permissions, is trusted
   * (TENANT_CACHE_TTL_MS, 5 s): a suspension or a change of roles made by another process takes
   * effect within it. Each expiry costs the next request a registry read and a load of the user's
   * grants, so with requests spread over many tenants a longer trust saves work (docs/capacity.md).
   */
  tenantCacheTtlMs: number;
  /** Failure limits, bounded password hashing and retention of sign-in attempts. */
  signIns: SignInSettings;
  /** Per-address limit of the public website path (SITE_READS_PER_MINUTE). */
  siteLimits: SiteLimitSettings;
  /** What start-up should tell the operator about generated secrets (printed once, at start). */
  notices: string[];
};

/**
 * The API's settings from the environment, validated once at start; the only reader of
 * process.env in this app (DATABASE_URL is read by @erp/db). A bad value throws a
 * ConfigurationError whose message is one sentence naming the variable.
 */
export function readApiEnv(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  const raw = Object.fromEntries(Object.keys(schema.shape).map((key) => [key, env[key] === "" ? undefined : env[key]]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "The environment");
    throw new ConfigurationError(`${name} ${issue?.message ?? "is invalid"} (got ${JSON.stringify(env[name] ?? "")}).`);
  }
  const values = parsed.data;
  const notices: string[] = [];
  let operatorKey = values.OPERATOR_KEY;
  if (!operatorKey) {
    if (values.NODE_ENV === "production") throw new ConfigurationError("OPERATOR_KEY must be set (at least 24 characters) in production.");
    operatorKey = randomBytes(24).toString("base64url");
    notices.push(`OPERATOR_KEY is not set: generated ${operatorKey} for this run (development only).`);
  }
  let tokenSecret = values.TOKEN_SECRET;
  if (!tokenSecret) {
    tokenSecret = randomBytes(32).toString("base64url");
    notices.push("TOKEN_SECRET is not set: generated one for this process, so every token stops working when the server restarts.");
  }
  return {
    host: values.HOST,
    port: values.PORT,
    operatorKey,
    tokenSecret,
    tokenTtlSeconds: values.TOKEN_TTL_SECONDS,
    logLevel: values.LOG_LEVEL,
    dbPoolSize: values.DB_POOL_SIZE,
    tenantCacheTtlMs: values.TENANT_CACHE_TTL_MS ?? defaultTenantCacheTtlMs,
    signIns: signInSettings(values),
    siteLimits: values.SITE_READS_PER_MINUTE
      ? { requestsPerWindow: values.SITE_READS_PER_MINUTE, windowSeconds: 60 }
      : defaultSiteLimitSettings,
    notices,
  };
}

function signInSettings(values: z.infer<typeof schema>): SignInSettings {
  const defaults = defaultSignInSettings(values.PASSWORD_HASH_CONCURRENCY);
  return {
    maxFailuresPerAccount: values.LOGIN_MAX_FAILURES ?? defaults.maxFailuresPerAccount,
    lockoutSeconds: values.LOGIN_LOCKOUT_SECONDS ?? defaults.lockoutSeconds,
    maxFailuresPerAddress: values.LOGIN_MAX_FAILURES_PER_ADDRESS ?? defaults.maxFailuresPerAddress,
    hashConcurrency: defaults.hashConcurrency,
    hashQueue: values.PASSWORD_HASH_QUEUE ?? defaults.hashQueue,
    attemptsRetentionDays: values.LOGIN_ATTEMPTS_RETENTION_DAYS ?? defaults.attemptsRetentionDays,
  };
}
