import { setTimeout as sleep } from "node:timers/promises";
import { startInProcessApi } from "@erp/api/testing";
import { createErpClient, type ErpClient, errorCode } from "@erp/client";
import type { Platform } from "@erp/db";
import type { DemoDataSeeder } from "@erp/tenancy";

/** Tries of one sign-in refused for load (503, 429) before the validator gives up. */
const maxSignInTries = 30;

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
    login: async (tenant) => {
      // Sign-ins beyond the API's hashing capacity (503), or past an address's allowance while
      // others are being checked (429), are asked to retry in a second: wait and try again, as a
      // client should (the stages sign many tenants in at once, all from one address).
      for (let attempt = 1; ; attempt++) {
        try {
          return (await client().auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password })).token;
        } catch (error) {
          const code = errorCode(error);
          if ((code !== "SERVICE_UNAVAILABLE" && code !== "TOO_MANY_REQUESTS") || attempt >= maxSignInTries) throw error;
          await sleep(1000 + Math.random() * 500);
        }
      }
    },
    get serverErrors() {
      return server.logs.filter((entry) => entry.level === "error");
    },
    close: server.close,
  };
}
