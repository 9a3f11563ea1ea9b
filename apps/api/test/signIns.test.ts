import { setTimeout as sleep } from "node:timers/promises";
import { ConfigurationError, TenantPool } from "@erp/db";
import { findTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createSignInGuard, type SignInGuard, type SignInSettings } from "../src/auth/createSignInGuard.ts";
import { createUserCache } from "../src/auth/createUserCache.ts";
import { readApiEnv } from "../src/env.ts";
import { createLogger } from "../src/logging/createLogger.ts";
import { createApp } from "../src/server.ts";
import { createTenantDirectory } from "../src/tenancy/createTenantDirectory.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let tenantPool: TenantPool;
let acme: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  tenantPool = await TenantPool.open(api.db.url, { maxPoolSize: 4 });
  acme = await api.provision("acme");
});
afterAll(async () => {
  await tenantPool?.end();
  await api?.close();
});

type Answer = { status: number; retryAfter: number | null; code: string | undefined; message: string | undefined };

/** An app of its own (its own counters) with these sign-in settings, called in-process over HTTP. */
function appWith(overrides: Partial<SignInSettings>) {
  const guard: SignInGuard = createSignInGuard({ ...api.env.signIns, maxFailuresPerAddress: 1000, hashQueue: 64, ...overrides });
  const app = createApp({
    platform: api.platform,
    tenantPool,
    tenants: createTenantDirectory(api.platform.pool, 0),
    users: createUserCache(0),
    signIns: guard,
    tokenSecret: api.env.tokenSecret,
    tokenTtlSeconds: 3600,
    operatorKey: api.env.operatorKey,
    log: createLogger("error"),
  });
  const login = async (tenant: string, email: string, password: string, ip?: string): Promise<Answer> => {
    const response = await app.request(
      "/trpc/auth.login",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenant, email, password }) },
      // The Node adapter's socket, as server.ts reads the client address from it.
      ip ? { incoming: { socket: { remoteAddress: ip } } } : undefined,
    );
    const body = (await response.json()) as { error?: { message?: string; data?: { code?: string } } };
    const retryAfter = response.headers.get("retry-after");
    return {
      status: response.status,
      retryAfter: retryAfter === null ? null : Number(retryAfter),
      code: body.error?.data?.code,
      message: body.error?.message,
    };
  };
  return { guard, login };
}

const schemaOf = async (slug: string) => (await findTenant(api.platform.pool, slug))?.schemaName ?? "";

const statuses = (answers: Answer[]) => answers.map((answer) => answer.status).sort();

describe("per-account lockout", () => {
  test("a burst of wrong passwords is cut off with 429 and Retry-After after 5, and the right password is refused too", async () => {
    const { login } = appWith({ maxFailuresPerAccount: 5, lockoutSeconds: 900 });
    const burst = await Promise.all(Array.from({ length: 20 }, (_, index) => login(acme.slug, acme.email, `wrong-${index}`)));
    expect(statuses(burst)).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
    // Past the five being checked, the burst is asked to retry in a second; the fifth failure locks the account.
    for (const refused of burst.filter((answer) => answer.status === 429)) {
      expect(refused).toMatchObject({
        code: "TOO_MANY_REQUESTS",
        retryAfter: 1,
        message: "Too many sign-ins to this account at once; try again in a second.",
      });
    }
    const right = await login(acme.slug, acme.email, acme.password);
    expect(right).toMatchObject({ status: 429, message: "Too many failed sign-ins to this account; try again later." });
    expect(right.retryAfter).toBeGreaterThan(800);
  });

  test("the lockout is written to the tenant's audit log, and only checked passwords to login_attempts", async () => {
    const tenant = await api.provision("audited");
    const { login } = appWith({ maxFailuresPerAccount: 3, lockoutSeconds: 900 });
    for (let index = 0; index < 6; index++) await login(tenant.slug, tenant.email, `wrong-${index}`);
    const schema = await schemaOf(tenant.slug);
    const audit = await api.platform.pool.any(sql.type(
      z.object({ action: z.string(), entityId: z.string().nullable(), data: z.unknown() }),
    )`
      SELECT action, entity_id AS "entityId", data FROM ${sql.identifier([schema, "audit_log"])} WHERE action = 'auth.account_locked'`);
    const userId = await api.platform.pool.oneFirst(
      sql.type(z.object({ id: z.string() }))`SELECT id FROM ${sql.identifier([schema, "users"])} WHERE email = ${tenant.email}`,
    );
    expect(audit).toEqual([
      { action: "auth.account_locked", entityId: userId, data: { email: tenant.email, ip: null, lockedSeconds: 900 } },
    ]);
    const failed = await api.platform.pool.oneFirst(sql.type(z.object({ count: z.number() }))`
      SELECT count(*)::int AS count FROM ${sql.identifier([schema, "login_attempts"])} WHERE email = ${tenant.email} AND NOT succeeded`);
    expect(failed).toBe(3);
  });

  test("a successful sign-in starts the account's count over", async () => {
    const { login } = appWith({ maxFailuresPerAccount: 5, lockoutSeconds: 900 });
    const wrong = (count: number) =>
      Promise.all(Array.from({ length: count }, (_, index) => login(acme.slug, acme.email, `nope-${index}`)));
    expect(statuses(await wrong(4))).toEqual(Array(4).fill(401));
    expect((await login(acme.slug, acme.email, acme.password)).status).toBe(200);
    expect(statuses(await wrong(4))).toEqual(Array(4).fill(401));
    expect((await login(acme.slug, acme.email, acme.password)).status).toBe(200);
    // Counted from the last success: five more lock it.
    expect(statuses(await wrong(6))).toEqual([...Array(5).fill(401), 429]);
  });

  test("many right passwords at once are asked to retry in a second, and do not lock the account", async () => {
    const { login } = appWith({ maxFailuresPerAccount: 5, lockoutSeconds: 900 });
    const rush = await Promise.all(Array.from({ length: 10 }, () => login(acme.slug, acme.email, acme.password)));
    expect(statuses(rush)).toEqual([...Array(5).fill(200), ...Array(5).fill(429)]);
    expect(rush.filter((answer) => answer.status === 429).map((answer) => answer.retryAfter)).toEqual(Array(5).fill(1));
    expect((await login(acme.slug, acme.email, acme.password)).status).toBe(200);
  });

  test("unknown accounts and unknown tenants are locked alike, so a 429 tells nothing about them", async () => {
    const { login } = appWith({ maxFailuresPerAccount: 2, lockoutSeconds: 900 });
    for (const [tenant, email] of [
      [acme.slug, "stranger@acme.test"],
      [api.db.slug("nobody"), acme.email],
    ] as const) {
      const answers = [await login(tenant, email, "x1"), await login(tenant, email, "x2"), await login(tenant, email, "x3")];
      expect(statuses(answers)).toEqual([401, 401, 429]);
    }
  });

  test("the right password works again once the lockout has passed", async () => {
    const { login } = appWith({ maxFailuresPerAccount: 2, lockoutSeconds: 3 });
    await login(acme.slug, acme.email, "wrong-1");
    await login(acme.slug, acme.email, "wrong-2");
    const locked = await login(acme.slug, acme.email, acme.password);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeLessThanOrEqual(3);
    await sleep((locked.retryAfter ?? 3) * 1000 + 200);
    expect((await login(acme.slug, acme.email, acme.password)).status).toBe(200);
  });
});

describe("per-address limit", () => {
  test("failed sign-ins from one address to many accounts are cut off; other addresses are not", async () => {
    const { login } = appWith({ maxFailuresPerAddress: 3 });
    const spray = [];
    for (let index = 0; index < 4; index++) spray.push(await login(acme.slug, `user${index}@acme.test`, "guess", "192.0.2.7"));
    expect(statuses(spray)).toEqual([401, 401, 401, 429]);
    expect(spray[3]).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "Too many failed sign-ins from this address; try again later." });
    expect(spray[3]?.retryAfter).toBeGreaterThan(3000);
    expect((await login(acme.slug, acme.email, acme.password, "192.0.2.7")).status).toBe(429);
    expect((await login(acme.slug, acme.email, acme.password, "192.0.2.8")).status).toBe(200);
  });

  test("successful sign-ins do not count against their address", async () => {
    const { login } = appWith({ maxFailuresPerAddress: 2 });
    for (let index = 0; index < 5; index++) expect((await login(acme.slug, acme.email, acme.password, "192.0.2.9")).status).toBe(200);
  });
});

describe("bounded password hashing", () => {
  test("beyond K running and the queue full, a sign-in answers 503 with Retry-After without hashing; then it is served", async () => {
    const { guard, login } = appWith({ hashConcurrency: 1, hashQueue: 2 });
    // Three checks that hold the one slot and both queue places until released.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holders = Array.from({ length: 3 }, () => guard.passwordChecks.run(() => held));
    expect(guard.passwordChecks.stats()).toMatchObject({ running: 1, waiting: 2 });
    const before = guard.passwordChecks.stats().hashes;
    const refused = await login(acme.slug, acme.email, acme.password);
    expect(refused).toMatchObject({ status: 503, code: "SERVICE_UNAVAILABLE", retryAfter: 1 });
    expect(guard.passwordChecks.stats()).toMatchObject({ hashes: before, refused: 1 });
    release();
    await Promise.all(holders);
    expect((await login(acme.slug, acme.email, acme.password)).status).toBe(200);
  });

  test("a refusal for load does not count as a failed attempt", async () => {
    const { guard, login } = appWith({ hashConcurrency: 1, hashQueue: 0, maxFailuresPerAccount: 1 });
    let release = () => {};
    const holder = guard.passwordChecks.run(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    expect((await login(acme.slug, acme.email, "wrong")).status).toBe(503);
    release();
    await holder;
    // Had the refused attempt counted, the account (one failure allowed) would now be locked.
    expect((await login(acme.slug, acme.email, acme.password)).status).toBe(200);
  });
});

describe("suspended and deprovisioned tenants", () => {
  test("answer like an unknown tenant, after the same one password hash, until the password verifies", async () => {
    const paused = await api.provision("paused");
    const gone = await api.provision("gone");
    await api.operator.platform.tenants.suspend.mutate({ slug: paused.slug });
    await api.operator.platform.tenants.deprovision.mutate({ slug: gone.slug });
    const { guard, login } = appWith({});
    const hashesFor = async (call: () => Promise<Answer>) => {
      const before = guard.passwordChecks.stats().hashes;
      const answer = await call();
      return { ...answer, hashes: guard.passwordChecks.stats().hashes - before };
    };
    // One after the other, so each count of hashes is that sign-in's own.
    const wrongPassword = [
      await hashesFor(() => login(paused.slug, paused.email, "wrong password")),
      await hashesFor(() => login(gone.slug, gone.email, "wrong password")),
      await hashesFor(() => login(api.db.slug("never"), paused.email, "wrong password")),
      await hashesFor(() => login(acme.slug, acme.email, "wrong password")),
    ];
    const unknownTenant = {
      status: 401,
      retryAfter: null,
      code: "UNAUTHORIZED",
      message: "The tenant, email or password is wrong.",
      hashes: 1,
    };
    expect(wrongPassword).toEqual(Array(4).fill(unknownTenant));

    // With the password verified, the suspended tenant may say so; the deprovisioned one has no users left to verify.
    const suspended = await login(paused.slug, paused.email, paused.password);
    expect(suspended).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect(suspended.message).toMatch(/suspended/);
    expect(await hashesFor(() => login(gone.slug, gone.email, gone.password))).toEqual(unknownTenant);
  });
});

describe("login_attempts retention", () => {
  test("each sign-in deletes up to 100 attempts older than the retention, and keeps the younger ones", async () => {
    const tenant = await api.provision("retained");
    const attempts = sql.identifier([await schemaOf(tenant.slug), "login_attempts"]);
    // Ids are uuidv7 with the attempt's time, as the default writes them.
    await api.platform.pool.query(sql.unsafe`
      INSERT INTO ${attempts} (id, email, succeeded, attempted_at)
      SELECT uuidv7(-make_interval(days => age)), 'old@retained.test', false, now() - make_interval(days => age)
      FROM generate_series(1, 150) AS n, LATERAL (SELECT CASE WHEN n <= 140 THEN 91 + n ELSE 30 END AS age) AS ages`);
    const count = async () =>
      api.platform.pool.one(sql.type(z.object({ expired: z.number(), kept: z.number() }))`
        SELECT count(*) FILTER (WHERE attempted_at < now() - interval '90 days')::int AS expired,
               count(*) FILTER (WHERE email = 'old@retained.test' AND attempted_at >= now() - interval '90 days')::int AS kept
        FROM ${attempts}`);
    expect(await count()).toEqual({ expired: 140, kept: 10 });
    const { login } = appWith({ attemptsRetentionDays: 90 });
    await login(tenant.slug, tenant.email, "wrong");
    expect(await count()).toEqual({ expired: 40, kept: 10 });
    await login(tenant.slug, tenant.email, tenant.password);
    expect(await count()).toEqual({ expired: 0, kept: 10 });
  });
});

describe("settings", () => {
  test("sign-in settings are validated with one sentence naming the variable", () => {
    const message = (env: NodeJS.ProcessEnv) => {
      try {
        return readApiEnv(env).signIns;
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as Error).message;
      }
    };
    expect(message({ LOGIN_LOCKOUT_SECONDS: "0" })).toBe('LOGIN_LOCKOUT_SECONDS must be between 1 and 86400 seconds (got "0").');
    expect(message({ PASSWORD_HASH_CONCURRENCY: "two" })).toBe('PASSWORD_HASH_CONCURRENCY must be a number of hashes (got "two").');
    expect(message({ LOGIN_MAX_FAILURES: "2.5" })).toBe('LOGIN_MAX_FAILURES must be a whole number of failed sign-ins (got "2.5").');
    expect(message({ PASSWORD_HASH_CONCURRENCY: "3" })).toMatchObject({ hashConcurrency: 3, hashQueue: 12, maxFailuresPerAccount: 5 });
  });
});
