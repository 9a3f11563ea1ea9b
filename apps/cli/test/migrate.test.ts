import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createDbPool, loadTemplateSource } from "@erp/db";
import { baselinePlatform, createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { provisionTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { z } from "zod";
import { runCli } from "./runCli.ts";

// Whole fleets of 268-table tenants on a shared machine: generous limits (the tests assert outcomes, never durations).
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let db: TestDatabase;
const names = ["k1", "k2", "k3", "k4", "k5"];
beforeAll(async () => {
  db = await createTestDatabase();
  const baseline = await baselinePlatform(db.pool);
  for (const name of names) {
    await provisionTenant(baseline, {
      slug: db.slug(name),
      tier: "starter",
      admin: { email: "a@k.test", password: "correct horse battery staple" },
    });
  }
});
afterAll(async () => db?.drop());

// The newest template version: a tenant goes from the baseline (0) to it in one transaction.
const newest = (await loadTemplateSource()).versionNumber;
const stateRow = z.object({ slug: z.string(), versionNumber: z.number(), hasColumn: z.boolean(), hasTable: z.boolean() });
/** Each tenant's recorded version number, and whether its schema has the change's column and table. */
async function fleetState() {
  return db.pool.any(sql.type(stateRow)`
    SELECT t.slug, v.version_number AS "versionNumber",
      EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = (t.schema_name || '.orders')::regclass AND a.attname = 'series_code' AND NOT a.attisdropped) AS "hasColumn",
      to_regclass(t.schema_name || '.document_series') IS NOT NULL AS "hasTable"
    FROM platform.tenants t JOIN platform.template_versions v ON v.version = t.template_version ORDER BY t.slug`);
}
const successRow = z.object({ slug: z.string(), rolloutId: z.number() });
async function successes() {
  return db.pool.any(sql.type(successRow)`
    SELECT t.slug, m.rollout_id::int AS "rolloutId" FROM platform.tenant_migrations m JOIN platform.tenants t ON t.id = m.tenant_id
    WHERE m.error IS NULL ORDER BY t.slug`);
}
async function waitFor<T>(check: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the condition never came true");
}

test("kill -9 in the middle of a tenant's change leaves every tenant at N or N+1, and --resume finishes without redoing any", async () => {
  // The third tenant's change blocks on its last statement: another transaction is creating
  // document_series there. Its first two statements (the column, the index) have run by then.
  const holder = await createDbPool(db.url, { maxPoolSize: 1 });
  const third = `tenant_${db.slug("k3")}`;
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let created!: () => void;
  const isCreated = new Promise<void>((resolve) => {
    created = resolve;
  });
  const holding = holder
    .transaction(async (tx) => {
      await tx.query(sql.unsafe`CREATE TABLE ${sql.identifier([third, "document_series"])} (id int)`);
      created();
      await released;
      throw new Error("roll back");
    })
    .catch(() => {});
  await isCreated;

  const cli = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", cli, "tenants", "migrate", "--concurrency", "1", "--lock-timeout", "600000"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: "ignore",
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  try {
    await waitFor(() =>
      db.pool.exists(sql.unsafe`
        SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%platform.migrate_tenant(%'`),
    );
    expect((await successes()).map((row) => row.slug)).toEqual([db.slug("k1"), db.slug("k2")]);
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
  } finally {
    child.kill("SIGKILL");
    release();
    await holding;
    await holder.end();
  }
  // The killed client's last statement ends on the server one way or the other (rolled back when
  // the server notices the client is gone, or committed whole): wait until it has.
  await waitFor(
    async () =>
      !(await db.pool.exists(sql.unsafe`
        SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%platform.migrate_tenant(%' AND pid <> pg_backend_pid()`)),
  );

  const afterKill = await fleetState();
  for (const tenant of afterKill) {
    expect([tenant.versionNumber, tenant.hasColumn, tenant.hasTable]).toEqual(
      tenant.versionNumber === newest ? [newest, true, true] : [0, false, false],
    );
  }
  expect(afterKill.slice(0, 2).map((tenant) => tenant.versionNumber)).toEqual([newest, newest]);
  expect(afterKill.slice(3).map((tenant) => tenant.versionNumber)).toEqual([0, 0]);
  const migratedBeforeKill = afterKill.filter((tenant) => tenant.versionNumber === newest).length;
  const [first] = await successes();

  const resumed = await runCli(["tenants", "migrate", "--resume"], db.url);
  expect(resumed.stderr).not.toMatch(/error/);
  expect(resumed.code).toBe(0);
  expect(resumed.stdout).toMatch(new RegExp(`^Rollout \\d+: ${5 - migratedBeforeKill} migrated, 0 failed, 0 not attempted`, "m"));
  expect((await fleetState()).map((tenant) => [tenant.versionNumber, tenant.hasColumn, tenant.hasTable])).toEqual(
    names.map(() => [newest, true, true]),
  );
  // One successful ledger row per tenant, all in the one rollout: none was redone.
  const rows = await successes();
  expect(rows.map((row) => row.slug)).toEqual(names.map((name) => db.slug(name)));
  expect(new Set(rows.map((row) => row.rolloutId))).toEqual(new Set([first!.rolloutId]));

  const again = await runCli(["tenants", "migrate"], db.url);
  expect(again.stdout).toBe(`All 5 tenant(s) are at template version ${newest}; nothing to do.\n`);
});

test("bad flags get one sentence and exit 2", async () => {
  const result = await runCli(["tenants", "migrate", "--wave", "lots"], db.url);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe("error: --wave must be a percentage such as 25%.\n");
  const resume = await runCli(["tenants", "migrate", "--resume", "--to", "1"], db.url);
  expect(resume.stderr).toBe("error: --to cannot be combined with --resume: a resumed rollout keeps its target.\n");
});
