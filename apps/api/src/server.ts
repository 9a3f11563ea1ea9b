import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { apiDatabaseUrl, openPlatform, type Platform, TenantPool } from "@erp/db";
import type { DemoDataSeeder } from "@erp/tenancy";
import { type ServerType, serve } from "@hono/node-server";
import { trpcServer } from "@hono/trpc-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { sql } from "slonik";
import { createUserCache } from "./auth/createUserCache.ts";
import { type ApiDeps, createContextInner, type RequestInfo } from "./context.ts";
import { type ApiEnv, readApiEnv } from "./env.ts";
import { createLogger, type Logger } from "./logging/createLogger.ts";
import { appRouter } from "./routers/_app.ts";
import { createTenantDirectory } from "./tenancy/createTenantDirectory.ts";

/**
 * How long a cached registry row, or a user's cached roles and permissions, is trusted: a
 * suspension or a change of roles made by another process takes effect within it.
 */
export const tenantCacheTtlMs = 5_000;

/** Connections at most for the platform pool (DB_POOL_SIZE sizes the pool of tenant requests). */
const platformPoolSize = 4;

type Variables = { request: RequestInfo };

/**
 * The HTTP app: tRPC at /trpc, /healthz (the process is up) and /readyz (the database answers
 * and the control plane is migrated), one JSON log line per request.
 */
export function createApp(deps: ApiDeps): Hono<{ Variables: Variables }> {
  const app = new Hono<{ Variables: Variables }>();

  app.use("*", async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header("x-request-id");
    const request: RequestInfo = {
      requestId: incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID(),
      token: bearerToken(c.req.header("authorization")),
      operatorKey: c.req.header("x-operator-key"),
      ip: (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress,
      userAgent: c.req.header("user-agent"),
    };
    c.set("request", request);
    // Set before the handler: Hono's own responses take it from here, tRPC's get it through
    // `responseMeta` below. Setting it on a finished response would make Hono rebuild that
    // response around a stream, a measurable cost on every request.
    c.header("x-request-id", request.requestId);
    await next();
    const path = c.req.path;
    deps.log.info("request", {
      requestId: request.requestId,
      method: c.req.method,
      path,
      procedure: path.startsWith("/trpc/") ? decodeURIComponent(path.slice("/trpc/".length)) : undefined,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      tenant: request.tenant,
    });
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));

  app.get("/readyz", async (c) => {
    try {
      const migrated = await deps.platform.pool.exists(sql.unsafe`SELECT 1 FROM platform.template_versions`);
      if (!migrated) return c.json({ status: "not ready", reason: "the control plane has no template version yet" }, 503);
      return c.json({ status: "ready" });
    } catch (error) {
      deps.log.warn("readiness check failed", { error: String(error) });
      return c.json({ status: "not ready", reason: "the database does not answer" }, 503);
    }
  });

  // Only requests that carry a body: the limit inspects `c.req.raw.body`, which makes the Node
  // adapter build a full fetch Request, a measurable cost on every GET.
  app.on(
    ["POST", "PUT", "PATCH", "DELETE"],
    "/trpc/*",
    bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ error: { message: "The request body is larger than 1 MiB." } }, 413) }),
  );
  app.use(
    "/trpc/*",
    trpcServer({
      router: appRouter,
      endpoint: "/trpc",
      maxBatchSize: 50,
      createContext: (_opts, c) => createContextInner(deps, c.get("request")),
      responseMeta: ({ ctx }) => (ctx ? { headers: { "x-request-id": ctx.request.requestId } } : {}),
      onError: ({ error, path, ctx }) => {
        if (error.code !== "INTERNAL_SERVER_ERROR") return;
        deps.log.error("unexpected error", {
          requestId: ctx?.request.requestId,
          procedure: path,
          error: describeCause(error.cause ?? error),
        });
      },
    }),
  );

  app.notFound((c) => c.json({ error: { message: `No route ${c.req.method} ${c.req.path}.` } }, 404));
  return app;
}

export type StartOptions = {
  /** Settings (the process environment when left out). */
  env?: ApiEnv;
  /** An open platform (tests); otherwise one is opened, and closed on shutdown. */
  platform?: Platform;
  /** Overrides the env's port (0: any free port). */
  port?: number;
  seeder?: DemoDataSeeder;
  log?: Logger;
};

export type RunningServer = {
  url: string;
  port: number;
  /** Stops accepting connections, lets requests in flight finish, then closes the pools it opened. */
  close: () => Promise<void>;
};

/** Starts the API: `pnpm start`, `pnpm dev`, the tests (port 0) and the benchmark. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? readApiEnv();
  const log = options.log ?? createLogger(env.logLevel);
  for (const notice of env.notices) log.warn(notice);
  // The platform pool serves registry lookups (cached) and operator work; tenant requests have their own.
  const platform =
    options.platform ?? (await openPlatform({ log: (line) => log.info(line), maxPoolSize: Math.min(platformPoolSize, env.dbPoolSize) }));
  // Tenant requests log in as the API's own role (not the owner's): see apiDatabaseUrl.
  const tenantPool = await TenantPool.open(apiDatabaseUrl(platform.url), { maxPoolSize: env.dbPoolSize });
  const app = createApp({
    platform,
    tenantPool,
    tenants: createTenantDirectory(platform.pool, tenantCacheTtlMs),
    users: createUserCache(tenantCacheTtlMs),
    tokenSecret: env.tokenSecret,
    tokenTtlSeconds: env.tokenTtlSeconds,
    operatorKey: env.operatorKey,
    log,
    seeder: options.seeder,
  });
  const server = await listen(app, options.port ?? env.port);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info("listening", { url, templateVersion: platform.templateVersion });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections with no request in flight would hold close() open.
        if ("closeIdleConnections" in server) server.closeIdleConnections();
        // Requests still running after 10 s are cut off.
        setTimeout(() => "closeAllConnections" in server && server.closeAllConnections(), 10_000).unref();
      });
      await tenantPool.end();
      if (!options.platform) await platform.pool.end();
      log.info("stopped");
    })();
    return closing;
  };
  return { url, port, close };
}

function listen(app: Hono<{ Variables: Variables }>, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: "0.0.0.0" }, () => resolve(server));
    server.once("error", reject);
  });
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

function describeCause(error: unknown): Record<string, unknown> {
  const value = error as { name?: string; message?: string; stack?: string; code?: string };
  return { name: value?.name, message: value?.message, code: value?.code, stack: value?.stack };
}
