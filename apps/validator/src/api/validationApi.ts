import { startInProcessApi } from "@erp/api/testing";
import { createErpClient, type ErpClient } from "@erp/client";
import type { Platform } from "@erp/db";
import type { DemoDataSeeder } from "@erp/tenancy";

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
  readonly serverErrors: Record<string, unknown>[];
  close: () => Promise<void>;
};

/** The API, in this process on a free port, over the validation database, with secrets made for this run. */
export async function startValidationApi(
  platform: Platform,
  options: { poolSize: number; seeder: DemoDataSeeder },
): Promise<ValidationApi> {
  // Request lines (info) stay out; warnings and errors are kept for the report instead of
  // being written across the progress bars.
  const server = await startInProcessApi({ platform, seeder: options.seeder, env: { logLevel: "warn", dbPoolSize: options.poolSize } });
  const client: ValidationApi["client"] = ({ token, operator } = {}) =>
    createErpClient({ url: server.url, token, operatorKey: operator ? server.env.operatorKey : undefined });
  return {
    url: server.url,
    operatorKey: server.env.operatorKey,
    tokenSecret: server.env.tokenSecret,
    client,
    login: async (tenant) =>
      (await client().auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password })).token,
    get serverErrors() {
      return server.logs.filter((entry) => entry.level === "error");
    },
    close: server.close,
  };
}
