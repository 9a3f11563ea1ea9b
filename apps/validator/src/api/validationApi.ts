import { randomBytes } from "node:crypto";
import { createErpClient, type ErpClient } from "@erp/client";
import type { Platform } from "@erp/db";
import type { DemoDataSeeder } from "@erp/tenancy";
// The server factory is not among @erp/api's package exports (they are types only, for the
// client), so it is imported from the app's source, as the API's own tests do.
import type { ApiEnv } from "../../../api/src/env.ts";
import { createLogger } from "../../../api/src/logging/createLogger.ts";
import { startServer } from "../../../api/src/server.ts";

export type ValidationApi = {
  url: string;
  operatorKey: string;
  /** The secret tokens are signed with: the isolation stage forges and expires tokens with it. */
  tokenSecret: string;
  /** Anonymous, signed-in (token) or operator client. */
  client: (options?: { token?: string; operator?: boolean }) => ErpClient;
  /** Signs the tenant's admin in through `auth.login`; the token. */
  login: (tenant: { slug: string; email: string; password: string }) => Promise<string>;
  /** Log lines of unexpected server errors (each one is a finding). */
  serverErrors: Record<string, unknown>[];
  close: () => Promise<void>;
};

/** The API, in this process on a free port, over the validation database, with secrets made for this run. */
export async function startValidationApi(
  platform: Platform,
  options: { poolSize: number; seeder: DemoDataSeeder },
): Promise<ValidationApi> {
  const env: ApiEnv = {
    host: "127.0.0.1",
    port: 0,
    operatorKey: randomBytes(24).toString("base64url"),
    tokenSecret: randomBytes(32).toString("base64url"),
    tokenTtlSeconds: 3600,
    logLevel: "warn",
    dbPoolSize: options.poolSize,
    notices: [],
  };
  const serverErrors: Record<string, unknown>[] = [];
  // Request lines (info) stay out; warnings and errors are kept for the report instead of
  // being written across the progress bars.
  const log = createLogger("warn", (line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (entry.level === "error") serverErrors.push(entry);
  });
  const server = await startServer({ env, platform, port: 0, seeder: options.seeder, log });
  const client: ValidationApi["client"] = ({ token, operator } = {}) =>
    createErpClient({ url: server.url, token, operatorKey: operator ? env.operatorKey : undefined });
  return {
    url: server.url,
    operatorKey: env.operatorKey,
    tokenSecret: env.tokenSecret,
    client,
    login: async (tenant) =>
      (await client().auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password })).token,
    serverErrors,
    close: server.close,
  };
}
