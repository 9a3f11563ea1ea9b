import type { DatabasePool } from "slonik";
import { inject } from "vitest";
import "./providedContext.ts";
import { dropDatabase, dropRolesWithPrefix, randomSuffix, recreateDatabase, withDatabase } from "../admin/databases.ts";
import type { Platform } from "../connectDatabase.ts";
import { createDbPool } from "../createDbPool.ts";
import { apiDatabaseUrl, ensureApiRole } from "../roles/apiLogin.ts";
import { builtTemplateVersion, recordTemplateBuild } from "../template/buildTemplate.ts";
import { loadBaselineSource } from "../template/loadTemplateSource.ts";

export { withDatabase } from "../admin/databases.ts";

export type TestDatabase = {
  /** URL of this test file's own database (a copy of the migrated base with the template). */
  url: string;
  /** The same database through the API's login role (erp_api), as the API's tenant connections reach it. */
  apiUrl: string;
  pool: DatabasePool;
  /** The pool with the template version the base database was built with: what provisioning takes. */
  platform: Pick<Platform, "pool" | "templateVersion">;
  /** Prefix for this file's tenant slugs: roles are cluster-wide, so slugs must not collide across files. */
  slugPrefix: string;
  /** A unique slug for this file: `<prefix><name>`. */
  slug: (name: string) => string;
  drop: () => Promise<void>;
};

/**
 * A fresh database for one test file, copied from the base the global setup prepared
 * (control plane migrated, template built). Call `drop()` in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("adminUrl");
  const suffix = randomSuffix();
  const name = `erp_test_${suffix}`;
  await recreateDatabase(adminUrl, name, inject("baseDatabase"));
  const url = withDatabase(adminUrl, name);
  const pool = await createDbPool(url, { statementTimeout: "DISABLE_TIMEOUT" });
  // Database rights (no TEMP for PUBLIC, CONNECT for the API login) are not copied from the base.
  await ensureApiRole(pool, url);
  const slugPrefix = `t${suffix}_`;
  return {
    url,
    apiUrl: apiDatabaseUrl(url),
    pool,
    platform: { pool, templateVersion: await builtTemplateVersion(pool) },
    slugPrefix,
    slug: (slugName) => `${slugPrefix}${slugName}`,
    drop: async () => {
      await pool.end();
      await dropDatabase(adminUrl, name);
      await dropRolesWithPrefix(adminUrl, `tenant_${slugPrefix}`);
    },
  };
}

/**
 * The platform as it was at the oldest supported template version: records the baseline's build
 * (db/template/changes/NNNN_baseline) so that tenants provisioned with it need migrating.
 */
export async function baselinePlatform(pool: DatabasePool): Promise<Pick<Platform, "pool" | "templateVersion">> {
  const baseline = await loadBaselineSource();
  await recordTemplateBuild(pool, baseline);
  return { pool, templateVersion: baseline.version };
}
