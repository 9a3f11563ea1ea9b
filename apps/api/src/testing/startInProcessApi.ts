import type { Platform } from "@erp/db";
import type { DemoDataSeeder } from "@erp/tenancy";
import type { ApiEnv } from "../env.ts";
import { createLogger } from "../logging/createLogger.ts";
import { type RunningServer, startServer } from "../server.ts";
import { testApiEnv } from "./testApiEnv.ts";

export type InProcessApi = RunningServer & {
  /** The settings it runs with: its operator key and the secret that signs its tokens. */
  env: ApiEnv;
  /** The log entries it wrote, parsed, instead of stdout. */
  logs: Record<string, unknown>[];
};

/**
 * The API in this process on a free port, over an open platform, with secrets made for this run
 * and its log kept in memory: the one way the API's tests and the validator start it.
 */
export async function startInProcessApi(options: {
  platform: Platform;
  seeder?: DemoDataSeeder;
  env?: Partial<ApiEnv>;
}): Promise<InProcessApi> {
  const env = testApiEnv(options.env);
  const logs: Record<string, unknown>[] = [];
  const log = createLogger(env.logLevel, (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const server = await startServer({ env, platform: options.platform, port: 0, seeder: options.seeder, log });
  return { ...server, env, logs };
}
