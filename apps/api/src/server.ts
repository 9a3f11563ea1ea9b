import type { AddressInfo } from "node:net";
import { apiDatabaseUrl, openPlatform, type Platform, TenantPool } from "@erp/db";
import type { DemoDataSeeder } from "@erp/tenancy";
import { type ServerType, serve } from "@hono/node-server";
import { trpcServer } from "@hono/trpc-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type RequestIdVariables, requestId } from "hono/request-id";
import { sql } from "slonik";
import { createSignInGuard } from "./auth/createSignInGuard.ts";
import { createUserCache } from "./auth/createUserCache.ts";
import { type ApiDeps, createContextInner, type RequestInfo } from "./context.ts";
import { type ApiEnv, readApiEnv } from "./env.ts";
import { retryAfterSeconds } from "./errors.ts";
import { createLogger, type Logger } from "./logging/createLogger.ts";
import { retryAfterOf } from "./retryLater.ts";
import { appRouter } from "./routers/_app.ts";
import { createSiteLimits } from "./site/createSiteLimits.ts";
import { createTenantDirectory } from "./tenancy/createTenantDirectory.ts";

/** Connections at most for the platform pool (DB_POOL_SIZE sizes the pool of tenant requests). */
const platformPoolSize = 4;

type Variables = RequestIdVariables & { request: RequestInfo };

/**
 * The HTTP app: tRPC at /trpc, /healthz (the process is up) and /readyz (the database answers
 * and the control plane is migrated), one JSON log line per request.
 */
export function createApp(deps: ApiDeps): Hono<{ Variables: Variables }> {
  const app = new Hono<{ Variables: Variables }>();

  // A client's x-request-id (letters, digits, _ - =, at most 64) is kept, otherwise a UUID; Hono
  // sets the response header before the handler runs (Hono's own responses take it from there,
  // tRPC's get it through `responseMeta` below: setting it on a finished response would make Hono
  // rebuild that response around a stream, a measurable cost on every request).
  app.use("*", requestId({ limitLength: 64 }));
  app.use("*", async (c, next) => {
    const started = performance.now();
    const request: RequestInfo = {
      requestId: c.get("requestId"),
      token: bearerToken(c.req.header("authorization")),
      operatorKey: c.req.header("x-operator-key"),
      ip: (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress,
      userAgent: c.req.header("user-agent"),
    };
    c.set("request", request);
    await next();
    const path = c.req.path;
    deps.log.info("request", {
      requestId: request.requestId,
      method: c.req.method,
      path,
      procedure: path.startsWith("/trpc/") ? decodePathPart(path.slice("/trpc/".length)) : undefined,
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
      c.header("retry-after", String(retryAfterSeconds));
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
      responseMeta: ({ ctx, errors }) => {
        const retryAfter =
          retryAfterOf(errors) ?? (errors.some((error) => error.code === "SERVICE_UNAVAILABLE") ? retryAfterSeconds : undefined);
        return {
          headers: {
            ...(ctx ? { "x-request-id": ctx.request.requestId } : {}),
            ...(retryAfter === undefined ? {} : { "retry-after": String(retryAfter) }),
          },
        };
      },
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
  /** Overrides the env's host (the address to listen on). */
  host?: string;
  seeder?: DemoDataSeeder;
  log?: Logger;
};

export type RunningServer = {
  url: string;
  port: number;
  /** The address the server listens on (HOST). */
  host: string;
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
  const signIns = createSignInGuard(env.signIns);
  const app = createApp({
    platform,
    tenantPool,
    tenants: createTenantDirectory(platform.pool, env.tenantCacheTtlMs),
    users: createUserCache(env.tenantCacheTtlMs),
    signIns,
    siteLimits: createSiteLimits(env.siteLimits),
    tokenSecret: env.tokenSecret,
    tokenTtlSeconds: env.tokenTtlSeconds,
    operatorKey: env.operatorKey,
    log,
    seeder: options.seeder,
  });
  const server = await listen(app, options.host ?? env.host, options.port ?? env.port);
  const { address: host, port } = server.address() as AddressInfo;
  const url = `http://${reachableHost(host)}:${port}`;
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
      await signIns.close();
      if (!options.platform) await platform.pool.end();
      log.info("stopped");
    })();
    return closing;
  };
  return { url, port, host, close };
}

function listen(app: Hono<{ Variables: Variables }>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
    server.once("error", reject);
  });
}

/** Where a client on this machine reaches a server listening on `host` (a wildcard address means loopback works). */
function reachableHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

/** The decoded text, or the text as sent when its percent-encoding is malformed (tRPC answers such a path 400). */
function decodePathPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

function describeCause(error: unknown): Record<string, unknown> {
  const value = error as { name?: string; message?: string; stack?: string; code?: string };
  return { name: value?.name, message: value?.message, code: value?.code, stack: value?.stack };
}
