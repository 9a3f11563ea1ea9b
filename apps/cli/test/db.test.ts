import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { createDbPool, repoRoot } from "@erp/db";
import { createTestDatabase, type TestDatabase, withDatabase } from "@erp/db/testing";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runDbCli } from "./runCli.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

test("DATABASE_URL replaces the embedded server entirely", async () => {
  const empty = `erp_override_${db.slugPrefix.slice(1, -1)}`;
  await db.pool.query(sql.unsafe`CREATE DATABASE ${sql.identifier([empty])}`);
  const url = withDatabase(db.url, empty);
  try {
    const printed = await runDbCli(["url"], { DATABASE_URL: url });
    expect(printed).toMatchObject({ code: 0, stdout: `${url}\n` });

    const migrated = await runDbCli(["migrate"], { DATABASE_URL: url });
    const files = (await readdir(join(repoRoot, "db", "platform"))).filter((name) => name.endsWith(".sql"));
    expect(migrated.stdout).toBe(`Applied ${files.sort().join(", ")}.\n`);
    const pool = await createDbPool(url);
    try {
      expect(await pool.oneFirst(sql.unsafe`SELECT count(*) FROM platform.schema_migrations`)).toBe(files.length);
    } finally {
      await pool.end();
    }
  } finally {
    await db.pool.query(sql.unsafe`DROP DATABASE ${sql.identifier([empty])} WITH (FORCE)`);
  }
});

test("a malformed DATABASE_URL stops the command with one sentence naming it", async () => {
  const result = await runDbCli(["migrate"], { DATABASE_URL: "mysql://nope" });
  expect(result.code).toBe(1);
  expect(result.stderr).toBe("error: DATABASE_URL must be a postgres:// or postgresql:// URL.\n");
});

test("an unreachable DATABASE_URL server is named without its password", async () => {
  const result = await runDbCli(["migrate"], { DATABASE_URL: "postgres://someone:secret@127.0.0.1:1/erp" });
  expect(result.code).toBe(1);
  expect(result.stderr).toBe("error: Cannot reach the database at postgres://someone:***@127.0.0.1:1/erp: is the server running?\n");
});
