import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createErpClient } from "@erp/client";
import { fingerprintSchema } from "@erp/db";
import { checkInvariants } from "@erp/erp";
import { backupTenant, checkTenants, getTenant, restoreTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi } from "./support/startTestApi.ts";

// Two 268-table tenants built on a shared machine: generous limits (the figures are printed, not asserted).
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

let api: TestApi;
let folder: string;
const source = { slug: "", email: "owner@backup.test", password: "" };

beforeAll(async () => {
  api = await startTestApi();
  folder = await mkdtemp(join(tmpdir(), "tenant-backup-"));
  source.slug = api.db.slug("bksrc");
  const provisioned = await api.operator.platform.tenants.provision.mutate({
    slug: source.slug,
    tier: "enterprise",
    admin: { email: source.email },
    seedDemoData: true,
  });
  source.password = provisioned.admin.password;
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await api?.close();
});

const restoreOptions = { checkInvariants };

/** Every table's row count and an md5 of its rows (as text, sorted): equal digests mean equal contents. */
async function contents(schemaName: string): Promise<Record<string, string>> {
  const tables = await api.db.pool.anyFirst(sql.type(z.object({ name: z.string() }))`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schemaName} AND c.relkind = 'r' ORDER BY c.relname`);
  const digests: Record<string, string> = {};
  for (const table of tables) {
    digests[table] = await api.db.pool.oneFirst(sql.type(z.object({ digest: z.string() }))`
      SELECT count(*) || ' ' || md5(coalesce(string_agg(row, E'\n' ORDER BY row COLLATE "C"), '')) AS digest
      FROM (SELECT t::text AS row FROM ${sql.identifier([schemaName, table])} t) rows`);
  }
  return digests;
}

describe("tenant backup and restore", () => {
  test("an enterprise tenant with demo data comes back under a new slug: same structure, same rows, rules hold, isolated, same logins", async () => {
    const file = join(folder, "source.erpbackup.gz");
    const backup = await backupTenant(api.platform, source.slug, file);
    const copySlug = api.db.slug("bkcopy");
    const restored = await restoreTenant(api.platform, file, { slug: copySlug }, restoreOptions);
    console.log(
      `backup of an enterprise demo tenant: ${backup.tables} tables, ${backup.rows} rows, ${backup.bytes} bytes gzip, ${backup.ms} ms; ` +
        `restore: ${restored.ms} ms (${JSON.stringify(restored.timings)})`,
    );
    expect(backup.rows).toBeGreaterThan(3000);
    expect(restored.rows).toBe(backup.rows);

    const original = await getTenant(api.db.pool, source.slug);
    const copy = await getTenant(api.db.pool, copySlug);
    expect(copy).toMatchObject({ tier: "enterprise", status: "active", templateVersion: original.templateVersion, name: original.name });
    expect(copy.schemaName).not.toBe(original.schemaName);
    expect(copy.roleName).not.toBe(original.roleName);

    // Structure: the copy's catalog is its build's (the drift check), and the source's.
    const check = await checkTenants(api.db.pool, { slug: copySlug });
    expect(check).toEqual({ checked: 1, drifted: [], unknown: [] });
    expect(await fingerprintSchema(api.db.pool, copy.schemaName)).toBe(await fingerprintSchema(api.db.pool, original.schemaName));

    // Rows: every table's count and content digest (generated columns included) are the source's.
    const [before, after] = [await contents(original.schemaName), await contents(copy.schemaName)];
    expect(Object.keys(after)).toHaveLength(backup.tables);
    expect(after).toEqual(before);
    expect(Object.values(after).filter((digest) => !digest.startsWith("0 ")).length).toBeGreaterThan(50);

    // Every invariant holds on the copy.
    const results = await checkInvariants(api.db.pool, copy.schemaName);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results.length).toBeGreaterThan(20);

    // Isolation: the copy's role reaches its own schema only.
    const rights = await api.db.pool.one(sql.type(z.object({ own: z.boolean(), other: z.boolean(), back: z.boolean() }))`
      SELECT has_schema_privilege(${copy.roleName}, ${copy.schemaName}, 'USAGE') AS own,
        has_schema_privilege(${copy.roleName}, ${original.schemaName}, 'USAGE') AS other,
        has_schema_privilege(${original.roleName}, ${copy.schemaName}, 'USAGE') AS back`);
    expect(rights).toEqual({ own: true, other: false, back: false });

    // The users came along with their password hashes: the old password signs in to the copy, by its slug.
    const owner = await api.signIn(copySlug, source.email, source.password);
    expect((await owner.auth.me.query()).user.email).toBe(source.email);
    const sourceOwner = await api.signIn(source.slug, source.email, source.password);
    const customersBefore = (await sourceOwner.sales.customers.list.query({ limit: 100 })).items.length;
    expect((await owner.sales.customers.list.query({ limit: 100 })).items.length).toBe(customersBefore);
    await owner.sales.customers.create.mutate({ name: "Only in the copy", email: "copy-only@backup.test" });
    expect((await sourceOwner.sales.customers.list.query({ limit: 100 })).items.length).toBe(customersBefore);
    await expectCode(
      createErpClient({ url: api.url }).auth.login.mutate({ tenant: copySlug, email: source.email, password: `${source.password}x` }),
      "UNAUTHORIZED",
    );

    // The registry records where the tenant came from.
    const event = await api.db.pool.one(sql.type(z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) }))`
      SELECT kind, data FROM platform.tenant_events WHERE tenant_id = ${copy.id}`);
    expect(event).toMatchObject({ kind: "provisioned", data: { source: "backup", from: source.slug, rows: backup.rows } });
  });

  test("a copy backs up and restores again to the same contents (the format round-trips its own output)", async () => {
    const first = join(folder, "first.gz");
    await backupTenant(api.platform, source.slug, first);
    const middle = api.db.slug("bkmid");
    await restoreTenant(api.platform, first, { slug: middle, name: "Middle" }, restoreOptions);
    const second = join(folder, "second.gz");
    await backupTenant(api.platform, middle, second);
    const last = api.db.slug("bklast");
    await restoreTenant(api.platform, second, { slug: last }, restoreOptions);
    expect((await getTenant(api.db.pool, middle)).name).toBe("Middle");
    expect(await contents(`tenant_${last}`)).toEqual(await contents(`tenant_${source.slug}`));
  });

  test("a backup is the snapshot of its start: rows committed while it runs are in no table of it", async () => {
    const owner = await api.signIn(source.slug, source.email, source.password);
    const count = (table: string) => async (schemaName: string) =>
      api.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM ${sql.identifier([schemaName, table])}`);
    const [customers, audit] = [count("customers"), count("audit_log")];
    const atStart = await customers(`tenant_${source.slug}`);
    const auditAtStart = await audit(`tenant_${source.slug}`);
    const file = join(folder, "busy.gz");
    // After the first table is written (customers and the audit log come later), the tenant keeps working.
    await backupTenant(api.platform, source.slug, file, {
      onTable: async (done) => {
        if (done === 1) await owner.sales.customers.create.mutate({ name: "During the backup", email: "during@backup.test" });
      },
    });
    expect(await customers(`tenant_${source.slug}`)).toBe(atStart + 1);
    const copySlug = api.db.slug("bkbusy");
    await restoreTenant(api.platform, file, { slug: copySlug }, restoreOptions);
    expect(await customers(`tenant_${copySlug}`)).toBe(atStart);
    expect(await audit(`tenant_${copySlug}`)).toBe(auditAtStart);
  });
});
