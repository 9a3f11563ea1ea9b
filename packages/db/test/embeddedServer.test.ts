import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { ConfigurationError, ensureEmbeddedServer, stopEmbeddedServer } from "../src/index.ts";

// A checkout in a `mktemp -d` directory (mode 700), as a new user might make one. As root, the
// server runs as the `postgres` user, who cannot enter it: one sentence saying what to change,
// not initdb's `spawn … EACCES` stack trace. As anyone else, the cluster is created and starts.
test("a cluster under a directory closed to other users: one sentence as root, a running server otherwise", async () => {
  const scratch = await mkdtemp(join(tmpdir(), "erp-embedded-"));
  const dir = join(scratch, "data");
  try {
    const outcome = await ensureEmbeddedServer(() => {}, dir).then(
      (url) => ({ url }),
      (error: unknown) => ({ error }),
    );
    if (process.getuid?.() === 0) {
      expect(outcome).toEqual({
        error: new ConfigurationError(
          `The embedded PostgreSQL runs as the 'postgres' user, who cannot enter ${scratch} (mode 700): move the checkout under a directory other users can enter, run \`chmod o+x ${scratch}\`, or set DATABASE_URL to a PostgreSQL server of your own.`,
        ),
      });
      expect((outcome as { error: Error }).error).toBeInstanceOf(ConfigurationError);
    } else {
      expect(outcome).toEqual({ url: expect.stringMatching(/^postgres:\/\//) });
      const client = new pg.Client({ connectionString: (outcome as { url: string }).url });
      await client.connect();
      try {
        expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      } finally {
        await client.end();
      }
    }
  } finally {
    await stopEmbeddedServer(dir).catch(() => false);
    await rm(scratch, { recursive: true, force: true });
  }
});
