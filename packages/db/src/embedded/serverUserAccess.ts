import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { ConfigurationError } from "../errors.ts";

/**
 * As root, the embedded PostgreSQL runs as the `postgres` OS user (PostgreSQL refuses root), so
 * that user must be able to enter every directory above its binaries and its data. A checkout
 * under `/root` or a `mktemp -d` directory (mode 700) is closed to it, and initdb would die with a
 * bare `spawn … EACCES`; this names the directory instead.
 */
export async function assertServerUserCanReach(paths: readonly string[], serverUser: string): Promise<void> {
  for (const path of paths) {
    for (let dir = path; ; dir = dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      // Directories still to be created get the umask's mode; their parents are what matter now.
      if (info && (info.mode & 0o001) === 0) {
        const mode = (info.mode & 0o777).toString(8);
        throw new ConfigurationError(
          `The embedded PostgreSQL runs as the '${serverUser}' user, who cannot enter ${dir} (mode ${mode}): move the checkout under a directory other users can enter, run \`chmod o+x ${dir}\`, or set DATABASE_URL to a PostgreSQL server of your own.`,
        );
      }
      if (dirname(dir) === dir) break;
    }
  }
}
