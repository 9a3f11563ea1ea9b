import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { applyDdl, DdlError, splitStatements } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe("splitStatements", () => {
  test("splits on statement boundaries only, not on semicolons in strings, comments or function bodies", async () => {
    const text = [
      "-- a comment; with a semicolon",
      "CREATE TABLE a (note text DEFAULT 'x; y');",
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;",
      "",
      "CREATE TABLE b (id int)",
    ].join("\n");
    const statements = await splitStatements(text, "probe.sql");
    expect(statements.map((statement) => [statement.line, statement.creates])).toEqual([
      [2, ["a"]],
      [3, []],
      [5, ["b"]],
    ]);
    expect(statements[0]?.sql).toBe("CREATE TABLE a (note text DEFAULT 'x; y')");
  });

  test("names the file and line of a syntax error", async () => {
    await expect(splitStatements("SELECT 1;\nCREATE TABLE (;\n", "broken.sql")).rejects.toThrow(/^broken\.sql at line 2: /);
  });
});

describe("applyDdl", () => {
  test("a failing statement names its file and line, and rolls back everything the transaction applied", async () => {
    const first = await splitStatements(
      "CREATE TABLE ok_one (id int PRIMARY KEY);\nCREATE TABLE ok_two (id int);\n",
      "db/template/01_first.sql",
    );
    const second = await splitStatements(
      "CREATE TABLE ok_three (id int);\n\nCREATE TABLE bad (id uuid REFERENCES missing (id));\n",
      "db/template/02_second.sql",
    );
    await db.pool.query(sql.unsafe`CREATE SCHEMA scratch`);
    const attempt = db.pool.transaction((tx) => applyDdl(tx, "scratch", [...first, ...second]));
    await expect(attempt).rejects.toBeInstanceOf(DdlError);
    await expect(db.pool.transaction((tx) => applyDdl(tx, "scratch", [...first, ...second]))).rejects.toThrow(
      /^db\/template\/02_second\.sql:3: relation "missing" does not exist/,
    );
    const tables = await db.pool.anyFirst(sql.unsafe`SELECT tablename FROM pg_tables WHERE schemaname = 'scratch'`);
    expect(tables).toEqual([]);
  });

  test("builds unqualified DDL into the target schema and restores the caller's search_path", async () => {
    const statements = await splitStatements("CREATE TABLE widgets (id int PRIMARY KEY);", "widgets.sql");
    await db.pool.query(sql.unsafe`CREATE SCHEMA target_a`);
    const path = await db.pool.transaction(async (tx) => {
      await applyDdl(tx, "target_a", statements);
      return tx.oneFirst(sql.unsafe`SELECT current_setting('search_path')`);
    });
    expect(path).toBe('"$user", public');
    expect(await db.pool.exists(sql.unsafe`SELECT 1 FROM pg_tables WHERE schemaname = 'target_a' AND tablename = 'widgets'`)).toBe(true);
  });
});
