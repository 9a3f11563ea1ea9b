import { InvalidInputError, NotFoundError } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import type { Tenant } from "@erp/tenancy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants, type SeedAtScaleProgress, scalePlan, seedAtScale } from "../src/index.ts";
import { provisionWithDemoData, tableCounts } from "./helpers.ts";

let db: TestDatabase;
let tenant: Tenant;

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await provisionWithDemoData(db, "scaled", "enterprise");
});

afterAll(async () => {
  await db?.drop();
});

describe("seedAtScale", () => {
  it("adds scale × the tier's volumes in batches, and every invariant still holds", async () => {
    const before = await tableCounts(db.pool, tenant.schemaName);
    const progress: SeedAtScaleProgress[] = [];
    const result = await seedAtScale(db.pool, { slug: tenant.slug, scale: 12, onProgress: (step) => progress.push(step) });

    const after = await tableCounts(db.pool, tenant.schemaName);
    const plan = scalePlan("enterprise", 12);
    for (const [table, rows] of Object.entries(plan)) expect(after[table], table).toBe((before[table] ?? 0) + rows);
    // Reference data is reused, not repeated.
    expect(after.chart_of_accounts).toBe(before.chart_of_accounts);
    expect(after.warehouses).toBe(before.warehouses);
    const added = Object.keys(after).reduce((total, table) => total + (after[table] ?? 0) - (before[table] ?? 0), 0);
    expect(result.rows).toBe(added);
    expect(result.rowsPerSecond).toBeGreaterThan(0);
    // Two batches (10 + 2 units), finishing in either order.
    expect(progress).toHaveLength(2);
    expect(progress.at(-1)).toEqual({ unitsDone: 12, units: 12, rows: result.rows });

    const failed = (await checkInvariants(db.pool, tenant.schemaName)).filter((check) => !check.ok);
    expect(failed).toEqual([]);
  });

  it("numbers a later run on from the earlier ones, so business keys stay unique", async () => {
    const before = await tableCounts(db.pool, tenant.schemaName);
    await seedAtScale(db.pool, { slug: tenant.slug, scale: 1, seed: "another run" });
    const after = await tableCounts(db.pool, tenant.schemaName);
    expect(after.products).toBe((before.products ?? 0) + (scalePlan("enterprise", 1).products ?? 0));
    expect((await checkInvariants(db.pool, tenant.schemaName)).filter((check) => !check.ok)).toEqual([]);
  });

  it("refuses bad input with one sentence naming the field", async () => {
    const slug = tenant.slug;
    await expect(seedAtScale(db.pool, { slug, scale: 0 })).rejects.toThrow(new InvalidInputError("scale must be at least 1."));
    await expect(seedAtScale(db.pool, { slug, scale: 1.5 })).rejects.toThrow(new InvalidInputError("scale must be a whole number."));
    await expect(seedAtScale(db.pool, { slug, scale: "3" as unknown as number })).rejects.toThrow(InvalidInputError);
    await expect(seedAtScale(db.pool, { slug: "Not A Slug", scale: 1 })).rejects.toThrow(/^slug must be/);
    await expect(seedAtScale(db.pool, { slug: db.slug("missing"), scale: 1 })).rejects.toThrow(
      new NotFoundError(`No tenant has the slug '${db.slug("missing")}'.`),
    );
  });
});
