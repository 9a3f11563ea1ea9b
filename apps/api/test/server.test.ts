import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { join } from "node:path";
import { createErpClient } from "@erp/client";
import { ConfigurationError, openPlatform } from "@erp/db";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSignInGuard } from "../src/auth/createSignInGuard.ts";
import { createUserCache } from "../src/auth/createUserCache.ts";
import { signSessionToken } from "../src/auth/sessionToken.ts";
import { readApiEnv } from "../src/env.ts";
import { createLogger } from "../src/logging/createLogger.ts";
import { createApp, startServer } from "../src/server.ts";
import { createTenantDirectory } from "../src/tenancy/createTenantDirectory.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

const mainPath = join(import.meta.dirname, "..", "src", "main.ts");
let api: TestApi;
let tenant: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("server");
});
afterAll(async () => api?.close());

describe("HTTP surface", () => {
  test("/healthz and /readyz", async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  test("logs one JSON line per request with method, procedure, status, ms and tenant", async () => {
    const response = await fetch(`${api.url}/trpc/auth.me`, {
      headers: {
        authorization: `Bearer ${(await createErpClient({ url: api.url }).auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password })).token}`,
        "x-request-id": "probe-1",
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("probe-1");
    const line = api.logs.find((entry) => entry.requestId === "probe-1");
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      method: "GET",
      path: "/trpc/auth.me",
      procedure: "auth.me",
      status: 200,
      tenant: tenant.slug,
    });
    expect(line?.ms).toBeTypeOf("number");
  });

  test("a request id that is not a short token is replaced by a UUID, in the answer and the log", async () => {
    const response = await fetch(`${api.url}/trpc/auth.me`, { headers: { "x-request-id": "<script> and spaces" } });
    const replaced = response.headers.get("x-request-id") ?? "";
    expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(api.logs.find((entry) => entry.requestId === replaced)).toMatchObject({ msg: "request", status: 401 });
  });

  test("unknown routes and malformed calls are 4xx, never 500", async () => {
    expect((await fetch(`${api.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${api.url}/trpc/catalog.nothing`)).status).toBe(404);
    expect(
      (await fetch(`${api.url}/trpc/auth.login`, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } }))
        .status,
    ).toBe(400);
    expect((await fetch(`${api.url}/trpc/auth.login`)).status).toBe(405);
    expect((await fetch(`${api.url}/trpc/auth.login`, { method: "POST", body: "x".repeat(2 * 1024 * 1024) })).status).toBe(413);
  });
});

describe("unexpected errors", () => {
  test("answer 500 with a request id and no internals, and are logged with that id", async () => {
    // A pool that has been shut down: every database call fails the way an outage would.
    const broken = await openPlatform({ url: api.db.url, prepare: false });
    await broken.pool.end();
    const lines: Record<string, unknown>[] = [];
    const app = createApp({
      platform: broken,
      tenantPool: api.tenantPool,
      tenants: createTenantDirectory(broken.pool, 0),
      users: createUserCache(0),
      signIns: createSignInGuard(api.env.signIns),
      tokenSecret: api.env.tokenSecret,
      tokenTtlSeconds: 3600,
      operatorKey: api.env.operatorKey,
      log: createLogger("info", (line) => lines.push(JSON.parse(line))),
    });
    const token = await signSessionToken(
      { sid: randomUUID(), sub: randomUUID(), ten: tenant.slug, exp: Math.floor(Date.now() / 1000) + 60 },
      api.env.tokenSecret,
    );
    const response = await app.request("/trpc/auth.me", { headers: { authorization: `Bearer ${token}`, "x-request-id": "outage-1" } });
    expect(response.status).toBe(500);
    const body = JSON.stringify(await response.json());
    expect(body).toContain("Something went wrong on our side; the request id is outage-1.");
    expect(body).not.toMatch(/pool|slonik|stack|at /i);
    expect(lines.find((line) => line.msg === "unexpected error")).toMatchObject({ requestId: "outage-1", procedure: "auth.me" });
  });
});

describe("configuration", () => {
  test("a bad value is one sentence naming the variable", () => {
    const message = (env: NodeJS.ProcessEnv) => {
      try {
        readApiEnv(env);
        return "accepted";
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as Error).message;
      }
    };
    expect(message({ PORT: "eighty" })).toBe('PORT must be a port number (got "eighty").');
    expect(message({ PORT: "70000" })).toBe('PORT must be between 0 and 65535 (got "70000").');
    expect(message({ TOKEN_SECRET: "short" })).toBe('TOKEN_SECRET must be at least 32 characters (got "short").');
    expect(message({ LOG_LEVEL: "loud" })).toBe('LOG_LEVEL must be one of debug, info, warn, error (got "loud").');
    expect(message({ NODE_ENV: "production" })).toBe("OPERATOR_KEY must be set (at least 24 characters) in production.");
    expect(message({ TENANT_CACHE_TTL_MS: "0" })).toBe('TENANT_CACHE_TTL_MS must be between 1 and 600000 milliseconds (got "0").');
    expect(message({ HOST: "local host!" })).toBe(
      'HOST must be an IP address (such as 127.0.0.1 or 0.0.0.0) or a host name (got "local host!").',
    );
  });

  test("the server listens on loopback unless HOST says otherwise", async () => {
    expect(readApiEnv({}).host).toBe("127.0.0.1");
    expect(readApiEnv({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    const loopback = await startServer({
      env: { ...api.env, host: readApiEnv({}).host },
      platform: api.platform,
      port: 0,
      log: createLogger("error"),
    });
    const everywhere = await startServer({
      env: { ...api.env, host: "0.0.0.0" },
      platform: api.platform,
      port: 0,
      log: createLogger("error"),
    });
    try {
      expect(loopback.host).toBe("127.0.0.1");
      expect(everywhere.host).toBe("0.0.0.0");
      expect(everywhere.url).toBe(`http://127.0.0.1:${everywhere.port}`);
      expect((await fetch(`${loopback.url}/healthz`)).status).toBe(200);
    } finally {
      await Promise.all([loopback.close(), everywhere.close()]);
    }
  });

  test("unset secrets are generated for development and announced", () => {
    const env = readApiEnv({});
    expect(env.operatorKey.length).toBeGreaterThanOrEqual(24);
    expect(env.notices.join(" ")).toMatch(/OPERATOR_KEY is not set: generated .+ TOKEN_SECRET is not set/);
    expect(env.port).toBe(3000);
  });

  test("`pnpm start` with a bad setting exits 1 with that sentence", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", mainPath], {
      env: { ...process.env, PORT: "eighty" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('PORT must be a port number (got "eighty").');
  });
});

describe("graceful shutdown", () => {
  test("finishes the requests in flight, then stops accepting", async () => {
    const running = await startServer({ env: api.env, platform: api.platform, port: 0, log: createLogger("error") });
    const anonymous = createErpClient({ url: running.url });
    // The login waits on a lock held on the tenant's users table: it is surely in flight (received,
    // not answered) when the server is asked to stop, however quickly a login runs otherwise.
    const { schemaName } = tenantNames(tenant.slug);
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = api.platform.pool.transaction(async (tx) => {
      await tx.query(sql.unsafe`LOCK TABLE ${sql.identifier([schemaName, "users"])} IN ACCESS EXCLUSIVE MODE`);
      locked();
      await released;
    });
    try {
      await Promise.race([lockTaken, holding]);
      const inFlight = anonymous.auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password });
      const loginWaits = () =>
        api.platform.pool.exists(
          sql.unsafe`SELECT 1 FROM pg_locks WHERE NOT granted AND relation = format('%I.%I', ${schemaName}::text, 'users')::regclass`,
        );
      await expect.poll(loginWaits, { timeout: 10_000, interval: 10 }).toBe(true);
      const closed = running.close();
      let closedYet = false;
      closed.then(
        () => {
          closedYet = true;
        },
        () => {},
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closedYet).toBe(false);
      release();
      expect((await inFlight).token).toBeTruthy();
      await closed;
    } finally {
      release();
      await holding;
    }
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    // The shared pool stays open: the server closes only a pool it opened itself.
    expect(await api.platform.pool.oneFirst(sql.unsafe`SELECT 1 AS one`)).toBe(1);
  });

  test("`pnpm start` stops on SIGTERM: it logs, closes its pool and exits 0", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", mainPath], {
      env: { ...process.env, DATABASE_URL: api.db.url, PORT: "0", LOG_LEVEL: "info", NODE_ENV: "development" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    let buffered = "";
    const listening = new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk) => {
        buffered += chunk;
        const complete = buffered.split("\n");
        buffered = complete.pop() ?? "";
        for (const line of complete) {
          const entry = JSON.parse(line) as Record<string, unknown>;
          lines.push(entry);
          if (entry.msg === "listening") resolve();
        }
      });
    });
    await listening;
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(["listening", "stopped"]));
    expect(lines.find((line) => line.level === "warn")?.msg).toMatch(/OPERATOR_KEY is not set: generated/);
  });
});
