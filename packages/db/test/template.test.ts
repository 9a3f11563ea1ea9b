import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { checkTemplate, requiredTables } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe("template_tenant", () => {
  test("has at least 200 tables, every one with a primary key, every FK indexed, and no rows", async () => {
    const report = await checkTemplate(db.pool);
    expect(report.problems).toEqual([]);
    expect(report.tableCount).toBeGreaterThanOrEqual(200);
    expect(Object.keys(report.tablesByModule).sort()).toEqual(
      ["analytics", "auth", "catalog", "channels", "cms", "finance", "hr", "inventory", "procurement", "sales", "service"].sort(),
    );
  });

  test("holds every table the demo data and the API name", async () => {
    const tables = await db.pool.anyFirst(sql.unsafe`
      SELECT tablename FROM pg_tables WHERE schemaname = 'template_tenant'`);
    expect(new Set(tables)).toEqual(expect.objectContaining({}));
    for (const name of requiredTables) expect(tables).toContain(name);
  });

  test("reports an unindexed foreign key, a missing primary key and a stray row", async () => {
    await db.pool.query(sql.unsafe`CREATE TABLE template_tenant.probe_no_pk (product_id uuid REFERENCES template_tenant.products (id))`);
    await db.pool.query(sql.unsafe`INSERT INTO template_tenant.roles (key, name) VALUES ('probe', 'Probe')`);
    try {
      const report = await checkTemplate(db.pool);
      expect(report.tablesWithoutPrimaryKey).toEqual(["probe_no_pk"]);
      expect(report.unindexedForeignKeys).toEqual([expect.stringContaining("probe_no_pk")]);
      expect(report.tablesWithRows).toEqual(["roles"]);
      expect(report.problems).toHaveLength(3);
    } finally {
      await db.pool.query(sql.unsafe`DROP TABLE template_tenant.probe_no_pk`);
      await db.pool.query(sql.unsafe`DELETE FROM template_tenant.roles`);
    }
  });
});
