import {
  ConfigurationError,
  dropDatabase,
  dropRolesWithPrefix,
  findPgError,
  openPlatform,
  type Platform,
  randomSuffix,
  recreateDatabase,
  withDatabase,
} from "@erp/db";

export type ValidationDatabase = {
  name: string;
  url: string;
  platform: Platform;
  /** Every tenant slug of this run starts with it: tenant roles are cluster-wide, and this is how they are found and dropped. */
  slugPrefix: string;
  /** Drops the database and this run's tenant roles (unless kept). */
  close: (options: { keep: boolean }) => Promise<void>;
};

/**
 * A new database on the server (`erp_validate_<timestamp>`), migrated and with the template built:
 * the run starts from nothing, so what it measures and compares is what this checkout builds.
 */
export async function createValidationDatabase(serverUrl: string, options: { poolSize: number; log: (line: string) => void }) {
  const adminUrl = withDatabase(serverUrl, "postgres");
  const name = `erp_validate_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${randomSuffix().slice(0, 4)}`;
  try {
    await recreateDatabase(adminUrl, name);
  } catch (error) {
    if (findPgError(error)?.code === "42501") {
      throw new ConfigurationError(
        "The database user cannot create databases: grant it CREATEDB (the validator works in a database of its own).",
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  const url = withDatabase(serverUrl, name);
  const slugPrefix = `v${randomSuffix().slice(0, 4)}_`;
  let platform: Platform;
  try {
    platform = await openPlatform({ url, log: options.log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: options.poolSize });
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
  const close = async ({ keep }: { keep: boolean }) => {
    await platform.pool.end();
    if (keep) return;
    await dropDatabase(adminUrl, name);
    await dropRolesWithPrefix(adminUrl, `tenant_${slugPrefix}`);
  };
  return { name, url, platform, slugPrefix, close } satisfies ValidationDatabase;
}
