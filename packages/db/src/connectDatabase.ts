import type { DatabasePool } from "slonik";
import { checkServer } from "./checkServer.ts";
import { createDbPool, type DbPoolOptions } from "./createDbPool.ts";
import { ensureEmbeddedServer } from "./embedded/embeddedServer.ts";
import { readDbEnv } from "./env.ts";
import { ConfigurationError } from "./errors.ts";
import { migratePlatform } from "./migrations/migratePlatform.ts";
import { ensureApiRole } from "./roles/apiLogin.ts";
import { ensureTemplate } from "./template/buildTemplate.ts";

export type DatabaseTarget = { url: string; embedded: boolean };

/** DATABASE_URL when set; otherwise the embedded server, started (and created) on demand. */
export async function resolveDatabaseTarget(log?: (line: string) => void): Promise<DatabaseTarget> {
  const { DATABASE_URL } = readDbEnv();
  if (DATABASE_URL) return { url: DATABASE_URL, embedded: false };
  return { url: await ensureEmbeddedServer(log), embedded: true };
}

export type OpenPlatformOptions = DbPoolOptions & {
  log?: (line: string) => void;
  /** Apply new control-plane migrations and (re)build the template when its files changed (default true). */
  prepare?: boolean;
  /** Use this URL instead of resolving one (tests). */
  url?: string;
};

export type Platform = {
  pool: DatabasePool;
  url: string;
  /** The template build this code's files describe (null when opened without preparing). */
  templateVersion: string | null;
  /** Its template version number: how many change files it includes. */
  templateVersionNumber: number | null;
};

/**
 * Opens the platform database ready for use: server reachable and checked, control plane
 * migrated, the API's login role ready, template built from the current files. Every command
 * that needs the database starts here.
 */
export async function openPlatform(options: OpenPlatformOptions = {}): Promise<Platform> {
  const url = options.url ?? (await resolveDatabaseTarget(options.log)).url;
  let pool: DatabasePool | undefined;
  try {
    pool = await createDbPool(url, options);
    await checkServer(pool);
    if (options.prepare === false) return { pool, url, templateVersion: null, templateVersionNumber: null };
    const migrated = await migratePlatform(pool);
    if (migrated.applied.length > 0) options.log?.(`Applied platform migrations: ${migrated.applied.join(", ")}.`);
    await ensureApiRole(pool, url);
    const template = await ensureTemplate(pool);
    if (template.rebuilt) options.log?.(`Built template_tenant (version ${template.versionNumber}, build ${template.version}).`);
    return { pool, url, templateVersion: template.version, templateVersionNumber: template.versionNumber };
  } catch (error) {
    await pool?.end();
    if (isConnectionRefused(error)) {
      throw new ConfigurationError(`Cannot reach the database at ${redact(url)}: is the server running?`, { cause: error });
    }
    throw error;
  }
}

function isConnectionRefused(error: unknown): boolean {
  const text = `${(error as Error)?.name} ${(error as Error)?.message} ${String((error as { cause?: Error })?.cause?.message ?? "")}`;
  return /ECONNREFUSED|ConnectionError|ENOTFOUND|getaddrinfo/.test(text);
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
