import { createDbPool, describeSchema, diffSchemaDescriptions, loadTemplateSource, type Platform } from "@erp/db";
import { baselinePlatform, createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { drainWarmPool, fillWarmPool, getTenant, migrateTenants, provisionTenant } from "../src/index.ts";

// Whole fleets of 268-table tenants on a shared machine: generous limits (the tests assert outcomes, never durations).
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let db: TestDatabase;
let current: Pick<Platform, "pool" | "templateVersion">;
let baseline: Pick<Platform, "pool" | "templateVersion">;
const admin = { email: "admin@example.test", password: "correct horse battery staple" };
// The newest template version (the number of the newest change file): what a rollout reaches.
const newest = (await loadTemplateSource()).versionNumber;

beforeAll(async () => {
  db = await createTestDatabase();
  current = db.platform;
  baseline = await baselinePlatform(db.pool);
});
afterAll(async () => {
  await drainWarmPool(current);
  await db?.drop();
});

const ledgerRow = z.object({
  slug: z.string(),
  from: z.number(),
  to: z.number(),
  checksum: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
});
async function ledger() {
  return db.pool.any(sql.type(ledgerRow)`
    SELECT t.slug, m.from_version_number AS from, m.to_version_number AS to, m.checksum, m.error, m.attempts
    FROM platform.tenant_migrations m JOIN platform.tenants t ON t.id = m.tenant_id ORDER BY t.slug, m.id`);
}
async function resetFleet() {
  // Earlier tests' tenants are out of the way (deprovisioned tenants are never migrated).
  await db.pool.query(sql.unsafe`UPDATE platform.tenants SET status = 'deprovisioned'`);
  await db.pool.query(sql.unsafe`UPDATE platform.template_rollouts SET status = 'finished' WHERE status <> 'finished'`);
}
const provisionAt = (platform: typeof current, name: string) => provisionTenant(platform, { slug: db.slug(name), tier: "starter", admin });

describe("tenants migrate", () => {
  test("migrates each tenant to a catalog identical to a fresh build, writes its ledger row, and a second run costs one query", async () => {
    await resetFleet();
    const old = [await provisionAt(baseline, "m_a"), await provisionAt(baseline, "m_b"), await provisionAt(baseline, "m_c")];
    expect(old[0]!.tenant.templateVersionNumber).toBe(0);
    // Onboarding while tenants still wait for the rollout builds at the newest version.
    const fresh = await provisionAt(current, "m_fresh");
    expect(fresh.tenant.templateVersionNumber).toBe(newest);

    const summary = await migrateTenants(current, { concurrency: 2 });
    expect(summary).toMatchObject({ migrated: 3, failed: 0, notAttempted: 0, stopReason: null });
    expect(summary.plan).toMatchObject({ toVersionNumber: newest, current: 1 });
    const template = await describeSchema(db.pool, "template_tenant");
    for (const { tenant } of old) {
      expect(diffSchemaDescriptions(template, await describeSchema(db.pool, tenant.schemaName))).toEqual([]);
      expect(await getTenant(db.pool, tenant.slug)).toMatchObject({
        templateVersion: current.templateVersion,
        templateVersionNumber: newest,
      });
    }
    expect(await ledger()).toEqual(
      old.map(({ tenant }) => ({
        slug: tenant.slug,
        from: 0,
        to: newest,
        checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
        error: null,
        attempts: 1,
      })),
    );

    // The no-op pass: a pool that counts every query it sends.
    let queries = 0;
    const counting = await createDbPool(db.url, {
      interceptors: [
        {
          name: "count-queries",
          beforeQueryExecution: () => {
            queries++;
            return null;
          },
        },
      ],
    });
    try {
      const again = await migrateTenants({ pool: counting, templateVersion: current.templateVersion }, { concurrency: 2 });
      expect(again).toMatchObject({ migrated: 0, rolloutId: null, results: [] });
      expect(again.plan).toMatchObject({ current: 4, pending: [] });
      expect(queries).toBe(1);
    } finally {
      await counting.end();
    }
  });

  test("a failing canary stops the run before the rest; --resume finishes it without redoing anyone", async () => {
    await resetFleet();
    const tenants = [await provisionAt(baseline, "c_1"), await provisionAt(baseline, "c_2"), await provisionAt(baseline, "c_3")];
    const first = tenants[0]!.tenant;
    // Someone created the change's table by hand in the first tenant: its migration fails.
    await db.pool.query(sql.unsafe`CREATE TABLE ${sql.identifier([first.schemaName, "document_series"])} (id int)`);

    const stopped = await migrateTenants(current, { canary: 1, concurrency: 2 });
    expect(stopped).toMatchObject({ migrated: 0, failed: 1, notAttempted: 2, waves: [1, 2] });
    expect(stopped.stopReason).toMatch(
      /^canary tenant '.*c_1' failed: relation "document_series" already exists \(template change 0001_document_series\.sql, ddl statement 3\)$/,
    );
    expect((await getTenant(db.pool, first.slug)).templateVersionNumber).toBe(0);
    const columns = await db.pool.anyFirst(sql.unsafe`
      SELECT column_name FROM information_schema.columns WHERE table_schema = ${first.schemaName} AND table_name = 'orders' AND column_name = 'series_code'`);
    expect(columns).toEqual([]);

    // A new run refuses to start over a killed one, but a stopped one is resumed on request.
    await db.pool.query(sql.unsafe`DROP TABLE ${sql.identifier([first.schemaName, "document_series"])}`);
    const resumed = await migrateTenants(current, { resume: true });
    expect(resumed).toMatchObject({ rolloutId: stopped.rolloutId, migrated: 3, failed: 0, stopReason: null });
    const rows = (await ledger()).filter((row) => /_c_\d$/.test(row.slug));
    const bySlug = rows
      .map((row) => [row.slug.slice(-3), row.error === null])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
    expect(bySlug).toEqual([
      ["c_1", false],
      ["c_1", true],
      ["c_2", true],
      ["c_3", true],
    ]);
    await expect(migrateTenants(current, { resume: true })).rejects.toThrow("Nothing to resume: no rollout was interrupted.");
  });

  test("a tenant whose tables are locked waits at most the lock timeout, and is retried", async () => {
    await resetFleet();
    const { tenant } = await provisionAt(baseline, "l_1");
    const holder = await createDbPool(db.url, { maxPoolSize: 1 });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = holder.transaction(async (tx) => {
      await tx.query(sql.unsafe`LOCK TABLE ${sql.identifier([tenant.schemaName, "orders"])} IN ACCESS SHARE MODE`);
      locked();
      await released;
    });
    await isLocked;
    try {
      const noRetry = await migrateTenants(current, { lockTimeoutMs: 50, retries: 0 });
      expect(noRetry).toMatchObject({ migrated: 0, failed: 1 });
      expect(noRetry.results[0]?.error).toMatch(/^canceling statement due to lock timeout/);

      const retrying = migrateTenants(current, { lockTimeoutMs: 200, retries: 10, resume: true });
      // Once an attempt has been seen waiting on the lock, let go of it: a later attempt gets through.
      await waitFor(() =>
        db.pool.exists(sql.unsafe`SELECT 1 FROM pg_locks WHERE NOT granted AND relation = ${`${tenant.schemaName}.orders`}::regclass`),
      );
      release();
      const summary = await retrying;
      expect(summary).toMatchObject({ migrated: 1, failed: 0 });
      expect(summary.results[0]!.attempts).toBeGreaterThanOrEqual(1);
    } finally {
      release();
      await holding;
      await holder.end();
    }
  });

  test("stale warm-pool entries are migrated, not handed out, and a claimed one equals the template", async () => {
    await resetFleet();
    await drainWarmPool(current);
    expect(await fillWarmPool(baseline, { size: 2 })).toMatchObject({ built: 2, ready: 2 });
    expect(await fillWarmPool(current, { size: 2 })).toEqual({ migrated: 2, built: 0, dropped: 0, ready: 2 });
    const claimed = await provisionAt(current, "p_1");
    expect(claimed.source).toBe("pool");
    expect(
      diffSchemaDescriptions(await describeSchema(db.pool, "template_tenant"), await describeSchema(db.pool, claimed.tenant.schemaName)),
    ).toEqual([]);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the condition never came true");
}
