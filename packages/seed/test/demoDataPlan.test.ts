import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { type Module, tierModules, tiers } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { renderDemoDataDoc } from "../src/docs/renderDemoDataDoc.ts";
import { demoDataPlan, scalePlan, seedTables, seedTablesByModule, tierSpecs } from "../src/index.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe("demoDataPlan", () => {
  it("gives each tier the volumes the product promises", () => {
    const promised = {
      starter: { products: 10, orders: 5, customers: 3, vendors: 0, dealers: 0, employees: 0 },
      growth: { products: 25, orders: 15, customers: 10, vendors: 2, dealers: 0, employees: 0 },
      professional: { products: 50, orders: 30, customers: 20, vendors: 5, dealers: 2, employees: 0 },
      enterprise: { products: 100, orders: 50, customers: 30, vendors: 10, dealers: 5, employees: 3 },
    };
    for (const tier of tiers) {
      const plan = demoDataPlan(tier);
      const counts = { ...promised[tier] };
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = plan[key] ?? 0;
      expect(counts, tier).toEqual(promised[tier]);
      expect(plan.purchase_orders ?? 0, tier).toBe(tierSpecs[tier].volumes.purchaseOrders);
    }
  });

  it("plans every seeded table of the modules a tier serves, and no other", () => {
    for (const tier of tiers) {
      const served = Object.entries(seedTablesByModule)
        .filter(([module]) => tierModules[tier].includes(module as Module))
        .flatMap(([, tables]) => tables);
      expect(Object.keys(demoDataPlan(tier)).sort(), tier).toEqual([...served].sort());
    }
  });

  it("adds scale × one unit at scale, without the reference data", () => {
    const unit = scalePlan("growth", 1);
    expect(scalePlan("growth", 7).orders).toBe(7 * (unit.orders ?? 0));
    expect(unit).not.toHaveProperty("chart_of_accounts");
    expect(unit).not.toHaveProperty("daily_sales");
  });

  it("inserts parents before children", async () => {
    // Every foreign key between two seeded tables points at a table inserted earlier, except the
    // back edge of a cycle (departments.manager_id ↔ employees.department_id), which the seed leaves null.
    const references = await db.pool.any(sql.type(z.object({ child: z.string(), parent: z.string() }))`
      SELECT DISTINCT c.relname::text AS child, p.relname::text AS parent
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_class p ON p.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'template_tenant' AND c.oid <> p.oid`);
    const position = new Map(seedTables.map((table, index) => [table as string, index]));
    const cyclic = (child: string, parent: string) =>
      references.some((reference) => reference.child === parent && reference.parent === child);
    const backwards = references.filter(({ child, parent }) => {
      if (cyclic(child, parent)) return false;
      const childAt = position.get(child);
      const parentAt = position.get(parent);
      return childAt !== undefined && parentAt !== undefined && parentAt > childAt;
    });
    expect(references.length).toBeGreaterThan(100);
    expect(backwards).toEqual([]);
  });

  it("is what docs/demo-data.md says (run `pnpm seed:docs` after changing a tier)", async () => {
    expect(await readFile(join(repoRoot, "docs", "demo-data.md"), "utf8")).toBe(renderDemoDataDoc());
  });
});
