import { createErpClient, type ErpClient } from "@erp/client";
import { openPlatform, type Platform, TenantPool } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { seedDemoData } from "@erp/seed";
import type { Tier } from "@erp/tenancy";
import { defaultSignInSettings, type SignInSettings } from "../../src/auth/createSignInGuard.ts";
import type { ApiEnv } from "../../src/env.ts";
import type { RunningServer } from "../../src/server.ts";
import { startInProcessApi } from "../../src/testing/startInProcessApi.ts";

export const operatorKey = "operator-key-for-tests-0123456789";

export type TestTenant = { slug: string; email: string; password: string; client: ErpClient };

export type TestApi = {
  db: TestDatabase;
  platform: Platform;
  /** A tenant pool of its own, for tests that build a tRPC caller around the server. */
  tenantPool: TenantPool;
  server: RunningServer;
  /** The settings the server runs with (its token secret signs every test token). */
  env: ApiEnv;
  url: string;
  operator: ErpClient;
  /** JSON log lines the server wrote. */
  logs: Record<string, unknown>[];
  /** Provisions a tenant through the API and signs its admin in. */
  provision: (name: string, tier?: Tier) => Promise<TestTenant>;
  signIn: (slug: string, email: string, password: string) => Promise<ErpClient>;
  close: () => Promise<void>;
};

/** A real server on a free port, over this test file's own database (see @erp/db/testing). */
export async function startTestApi(options: { maxPoolSize?: number; signIns?: Partial<SignInSettings> } = {}): Promise<TestApi> {
  const db = await createTestDatabase();
  const platform = await openPlatform({ url: db.url, maxPoolSize: options.maxPoolSize ?? 10 });
  const server = await startInProcessApi({
    platform,
    seeder: seedDemoData,
    env: {
      operatorKey,
      dbPoolSize: options.maxPoolSize ?? 10,
      // Tests sign many tenants in at once: a long hashing queue, unless a test sets its own.
      signIns: { ...defaultSignInSettings(), hashQueue: 64, ...options.signIns },
    },
  });
  const operator = createErpClient({ url: server.url, operatorKey });
  const tenantPool = await TenantPool.open(db.apiUrl, { maxPoolSize: 1 });

  const signIn = async (slug: string, email: string, password: string) => {
    const anonymous = createErpClient({ url: server.url });
    const { token } = await anonymous.auth.login.mutate({ tenant: slug, email, password });
    return createErpClient({ url: server.url, token });
  };

  return {
    db,
    platform,
    tenantPool,
    server,
    env: server.env,
    url: server.url,
    operator,
    logs: server.logs,
    signIn,
    provision: async (name, tier = "starter") => {
      const slug = db.slug(name);
      const { admin } = await operator.platform.tenants.provision.mutate({ slug, tier, admin: { email: `admin@${name}.test` } });
      return { slug, email: admin.email, password: admin.password, client: await signIn(slug, admin.email, admin.password) };
    },
    close: async () => {
      await server.close();
      await tenantPool.end();
      await platform.pool.end();
      await db.drop();
    },
  };
}
