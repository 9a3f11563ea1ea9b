import { createHash } from "node:crypto";
import type { DatabasePool } from "slonik";
import { inject } from "vitest";
import "./providedContext.ts";
import { dropDatabase, dropRolesWithPrefix, randomSuffix, recreateDatabase, withDatabase } from "../admin/databases.ts";
import type { Platform } from "../connectDatabase.ts";
import { createDbPool } from "../createDbPool.ts";
import { apiDatabaseUrl, ensureApiRole } from "../roles/apiLogin.ts";
import { builtTemplateVersion, recordTemplateBuild } from "../template/buildTemplate.ts";
import { loadBaselineSource, loadTemplateSource } from "../template/loadTemplateSource.ts";

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

/**
 * A build of an intermediate template version (the baseline plus change files 1…`versionNumber`),
 * recorded so tenants can be provisioned at it: what a tenant not yet migrated looks like.
 */
export async function platformAtVersion(pool: DatabasePool, versionNumber: number): Promise<Pick<Platform, "pool" | "templateVersion">> {
  const baseline = await loadBaselineSource();
  const changes = (await loadTemplateSource()).changes.filter((change) => change.versionNumber <= versionNumber);
  const hash = createHash("sha256").update(baseline.version);
  for (const change of changes) hash.update(change.checksum);
  const source = {
    ...baseline,
    version: hash.digest("hex").slice(0, 16),
    versionNumber,
    statements: [...baseline.statements, ...changes.flatMap((change) => change.statements)],
    changes,
  };
  await recordTemplateBuild(pool, source);
  return { pool, templateVersion: source.version };
}
