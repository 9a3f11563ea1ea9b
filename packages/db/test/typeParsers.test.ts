import { sql } from "slonik";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { createDbPool } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";
import { typeParsers } from "../src/typeParsers.ts";

const parseInstant = typeParsers.find((parser) => parser.name === "timestamptz")?.parse as (value: string) => unknown;

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

test("instants read as ISO-8601 strings exactly as Date prints them, whatever their precision or offset", () => {
  for (const text of [
    "2026-01-02 03:04:05+00",
    "2026-01-02 03:04:05.1+00",
    "2026-01-02 03:04:05.12+00",
    "2026-01-02 03:04:05.123+00",
    "2026-01-02 03:04:05.123999+00",
    "1999-12-31 23:59:59.999999+00",
    "2026-06-30 12:00:00.5+02",
    "2026-06-30 12:00:00-05:30",
  ]) {
    expect(parseInstant(text), text).toBe(new Date(text).toISOString());
  }
});

test("instants from the server, at every microsecond precision, match the Date reading of their text", async () => {
  const pool = await createDbPool(db.url, { maxPoolSize: 1 });
  try {
    const rows = await pool.any(sql.type(z.object({ at: z.string(), text: z.string() }))`
      SELECT at, at::text AS text
      FROM generate_series(1, 200) AS n, LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + n * interval '37 minutes 13.012345 seconds' / (n % 7 + 1) AS at) AS t`);
    for (const row of rows) expect(row.at, row.text).toBe(new Date(row.text).toISOString());
  } finally {
    await pool.end();
  }
});
