import type { TestProject } from "vitest/node";
import "./providedContext.ts";
import { dropDatabase, randomSuffix, recreateDatabase, withDatabase } from "../admin/databases.ts";
import { checkServer } from "../checkServer.ts";
import { resolveDatabaseTarget } from "../connectDatabase.ts";
import { createDbPool } from "../createDbPool.ts";
import { migratePlatform } from "../migrations/migratePlatform.ts";
import { ensureApiRole } from "../roles/apiLogin.ts";
import { buildTemplate } from "../template/buildTemplate.ts";

/**
 * Once per test run: the real PostgreSQL (embedded, or DATABASE_URL), and a base database holding
 * the migrated control plane and the template. Each test file copies it (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const target = await resolveDatabaseTarget((line) => console.log(line));
  const adminUrl = withDatabase(target.url, "postgres");
  // Per run, so that two test runs on one server (two terminals, two worktrees) never drop each other's base.
  const baseDatabaseName = `erp_test_base_${randomSuffix()}`;
  await recreateDatabase(adminUrl, baseDatabaseName);
  const pool = await createDbPool(withDatabase(target.url, baseDatabaseName), { statementTimeout: "DISABLE_TIMEOUT" });
  try {
    await checkServer(pool);
    await migratePlatform(pool);
    // Here once, before the test files run in parallel: the API login's password is set at most once.
    await ensureApiRole(pool, withDatabase(target.url, baseDatabaseName));
    await buildTemplate(pool);
  } finally {
    await pool.end();
  }
  project.provide("adminUrl", adminUrl);
  project.provide("baseDatabase", baseDatabaseName);
  return async () => {
    await dropDatabase(adminUrl, baseDatabaseName);
  };
}
