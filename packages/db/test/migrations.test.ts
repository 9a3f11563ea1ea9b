import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { MigrationChecksumError, migratePlatform } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

test("applies a new migration once, then refuses to run when the applied file was edited", async () => {
  const dir = await mkdtemp(join(tmpdir(), "erp-migrations-"));
  await writeFile(
    join(dir, "0900_probe.sql"),
    "CREATE TABLE platform.probe (id int PRIMARY KEY);\nCREATE INDEX probe_id ON platform.probe (id);\n",
  );

  expect(await migratePlatform(db.pool, dir)).toEqual({ applied: ["0900_probe.sql"], alreadyApplied: 0 });
  expect(await migratePlatform(db.pool, dir)).toEqual({ applied: [], alreadyApplied: 1 });

  await writeFile(join(dir, "0900_probe.sql"), "CREATE TABLE platform.probe (id bigint PRIMARY KEY);\n");
  const failure = migratePlatform(db.pool, dir);
  await expect(failure).rejects.toBeInstanceOf(MigrationChecksumError);
  await expect(failure).rejects.toThrow(/0900_probe\.sql was changed after it was applied/);
});

test("a failing migration names its file and line and leaves nothing behind", async () => {
  const dir = await mkdtemp(join(tmpdir(), "erp-migrations-"));
  await writeFile(join(dir, "0901_bad.sql"), "CREATE TABLE platform.half (id int);\n\nALTER TABLE platform.nowhere ADD COLUMN x int;\n");
  await expect(migratePlatform(db.pool, dir)).rejects.toThrow(/^0901_bad\.sql:3: relation "platform\.nowhere" does not exist/);
  expect(await db.pool.exists(sql.unsafe`SELECT 1 FROM pg_tables WHERE schemaname = 'platform' AND tablename = 'half'`)).toBe(false);
  expect(await db.pool.exists(sql.unsafe`SELECT 1 FROM platform.schema_migrations WHERE name = '0901_bad.sql'`)).toBe(false);
});

test("rejects migration files that are not named NNNN_name.sql", async () => {
  const dir = await mkdtemp(join(tmpdir(), "erp-migrations-"));
  await writeFile(join(dir, "add-things.sql"), "SELECT 1;");
  await expect(migratePlatform(db.pool, dir)).rejects.toThrow("Migration files must be named NNNN_name.sql: add-things.sql.");
});
