import { ConflictError, type Platform } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { deprovisionTenant, provisionPhases, provisionTenant, resumeTenant, setTier, suspendTenant } from "../src/index.ts";

let db: TestDatabase;
let platform: Pick<Platform, "pool" | "templateVersion">;
const admin = { email: "admin@example.test", password: "correct horse battery staple" };

beforeAll(async () => {
  db = await createTestDatabase();
  platform = db.platform;
});
afterAll(async () => db?.drop());

async function leftovers(slug: string) {
  return {
    schema: await db.pool.exists(sql.unsafe`SELECT 1 FROM pg_namespace WHERE nspname = ${`tenant_${slug}`}`),
    role: await db.pool.exists(sql.unsafe`SELECT 1 FROM pg_roles WHERE rolname = ${`tenant_${slug}_rw`}`),
    registry: await db.pool.exists(sql.unsafe`SELECT 1 FROM platform.tenants WHERE slug = ${slug}`),
  };
}

describe("a failed provisioning leaves nothing behind", () => {
  test.each(provisionPhases.filter((phase) => phase !== "demo-data" && phase !== "pool"))("failure after the %s phase", async (phase) => {
    const slug = db.slug(`fail_${phase}`);
    const injected = new Error(`injected failure after ${phase}`);
    const attempt = provisionTenant(
      platform,
      { slug, tier: "starter", admin },
      {
        onPhase: (done) => {
          if (done === phase) throw injected;
        },
      },
    );
    await expect(attempt).rejects.toBe(injected);
    expect(await leftovers(slug)).toEqual({ schema: false, role: false, registry: false });
  });

  test("a failing demo data seeder rolls back the whole tenant", async () => {
    const slug = db.slug("fail_seed");
    const attempt = provisionTenant(
      platform,
      { slug, tier: "starter", admin, seedDemoData: true },
      {
        seeder: async (tx) => {
          await tx.query(sql.unsafe`INSERT INTO brands (name, slug) VALUES ('Half', 'half')`);
          throw new Error("seeder broke");
        },
      },
    );
    await expect(attempt).rejects.toThrow("seeder broke");
    expect(await leftovers(slug)).toEqual({ schema: false, role: false, registry: false });
  });
});

test("two concurrent provisions of one slug: one tenant, one CONFLICT, nothing of the loser", async () => {
  const slug = db.slug("race");
  const outcomes = await Promise.allSettled([
    provisionTenant(platform, { slug, tier: "starter", admin }),
    provisionTenant(platform, { slug, tier: "growth", admin }),
  ]);
  const fulfilled = outcomes.filter((outcome) => outcome.status === "fulfilled");
  const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  expect(fulfilled).toHaveLength(1);
  expect(rejected).toHaveLength(1);
  expect(rejected[0]?.reason).toBeInstanceOf(ConflictError);
  expect(rejected[0]?.reason.message).toBe(
    `A tenant with the slug '${slug}' already exists (slugs are never reused, even after deprovisioning).`,
  );
  expect(await db.pool.oneFirst(sql.unsafe`SELECT count(*) FROM platform.tenants WHERE slug = ${slug}`)).toBe(1);
  expect(await leftovers(slug)).toEqual({ schema: true, role: true, registry: true });
});

test("deprovisioning drops schema and role, keeps the registry row, and the slug stays taken", async () => {
  const slug = db.slug("gone");
  await provisionTenant(platform, { slug, tier: "starter", admin });
  const dropped = await deprovisionTenant(platform, slug);
  expect(dropped.status).toBe("deprovisioned");
  expect(dropped.deprovisionedAt).not.toBeNull();
  expect(await leftovers(slug)).toEqual({ schema: false, role: false, registry: true });
  await expect(deprovisionTenant(platform, slug)).rejects.toThrow(`Tenant '${slug}' is already deprovisioned.`);
  await expect(provisionTenant(platform, { slug, tier: "starter", admin })).rejects.toBeInstanceOf(ConflictError);
});

test("tier changes, suspension and resumption are recorded as events", async () => {
  const slug = db.slug("moves");
  const { tenant } = await provisionTenant(platform, { slug, tier: "starter", admin });
  expect((await setTier(platform, slug, "professional")).tier).toBe("professional");
  expect((await suspendTenant(platform, slug)).status).toBe("suspended");
  expect((await resumeTenant(platform, slug)).status).toBe("active");
  const events = await db.pool.any(
    sql.type(
      z.object({ kind: z.string(), data: z.unknown() }),
    )`SELECT kind, data FROM platform.tenant_events WHERE tenant_id = ${tenant.id} ORDER BY id`,
  );
  expect(events.map((event) => event.kind)).toEqual(["provisioned", "tier_changed", "suspended", "resumed"]);
  expect(events[1]?.data).toEqual({ from: "starter", to: "professional" });
  await expect(setTier(platform, slug, "gold" as never)).rejects.toThrow(/^tier must be one of/);
});

test("two concurrent deprovisions: one drops the tenant, the other is told it is already gone", async () => {
  const slug = db.slug("twice");
  const { tenant } = await provisionTenant(platform, { slug, tier: "starter", admin });
  const outcomes = await Promise.allSettled([deprovisionTenant(platform, slug), deprovisionTenant(platform, slug)]);
  expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
  const rejected = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  expect(rejected?.reason).toBeInstanceOf(ConflictError);
  const kinds = await db.pool.anyFirst(sql.unsafe`SELECT kind FROM platform.tenant_events WHERE tenant_id = ${tenant.id} ORDER BY id`);
  expect(kinds).toEqual(["provisioned", "deprovisioned"]);
});
