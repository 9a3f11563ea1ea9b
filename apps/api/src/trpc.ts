import { createHash, timingSafeEqual } from "node:crypto";
import { findPgError, type TenantQueries, type TenantTransactionOptions, withTenantTransaction } from "@erp/db";
import type { Actor } from "@erp/erp";
import { lowestTierFor, type Module, type PermissionKey, servesTemplateVersion, slugSchema, type Tenant, tierServes } from "@erp/tenancy";
import { initTRPC, type TRPC_ERROR_CODE_KEY, TRPCError } from "@trpc/server";
import { verifySessionToken } from "./auth/sessionToken.ts";
import { type SessionUser, sessionAliveAlongside, sessionUserAlongside } from "./auth/sessionUser.ts";
import type { Context } from "./context.ts";
import { badInput, toTrpcError, validationIssues } from "./errors.ts";
import { retryLater } from "./retryLater.ts";
import { createSiteLimits, defaultSiteLimitSettings } from "./site/createSiteLimits.ts";
import { findUnsafeInput } from "./validation/unsafeInput.ts";

/** What a procedure declares about itself: enforced by the middlewares below and listed in docs/api.md. */
export type ApiMeta = {
  /** Who may call: anyone, an operator (operator key), or a signed-in tenant user. */
  auth?: "public" | "operator" | "tenant";
  /** The module the tenant's tier must serve. */
  module?: Module;
  /** The permission the user's roles must grant. */
  permission?: PermissionKey;
  /** Errors the procedure itself may answer (beyond those of its auth kind), for the docs. */
  errors?: readonly TRPC_ERROR_CODE_KEY[];
  summary?: string;
};

const t = initTRPC
  .context<Context>()
  .meta<ApiMeta>()
  .create({
    // Never send stack traces, whatever NODE_ENV says.
    isDev: false,
    errorFormatter: ({ shape, error, ctx }) => {
      const requestId = ctx?.request.requestId;
      if (error.code === "INTERNAL_SERVER_ERROR") {
        return {
          ...shape,
          message: `Something went wrong on our side; the request id is ${requestId ?? "unknown"}.`,
          data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, requestId },
        };
      }
      return { ...shape, data: { ...shape.data, requestId, issues: validationIssues(error) ?? undefined } };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every procedure starts here: whatever goes wrong below becomes the right TRPCError (errors.ts). */
const baseProcedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTrpcError(result.error);
  return result;
});

/**
 * Input no schema may accept (too deep, NUL, unpaired surrogates) is refused before any schema
 * walks it. Each kind of procedure runs it after its access check, so a caller without access
 * hears only that.
 */
const refuseUnsafeInput = t.middleware(async ({ getRawInput, next }) => {
  const unsafe = findUnsafeInput(await getRawInput());
  if (unsafe) throw badInput(unsafe);
  return next();
});

export const publicProcedure = baseProcedure.meta({ auth: "public" }).use(refuseUnsafeInput);

/** Operator procedures: the `x-operator-key` header must equal OPERATOR_KEY (compared in constant time). */
export const platformProcedure = baseProcedure
  .meta({ auth: "operator" })
  .use(({ ctx, next }) => {
    if (!ctx.request.operatorKey || !sameSecret(ctx.request.operatorKey, ctx.operatorKey)) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "A valid operator key (x-operator-key header) is required." });
    }
    return next();
  })
  .use(refuseUnsafeInput);

/**
 * Tenant procedures: the tenant comes from the verified token. The tier and permission declared
 * in `meta` are checked, and the procedure runs in one transaction confined to the tenant's
 * schema and role (withTenantTransaction), with `ctx.tx` as its only way to the database.
 */
export const tenantProcedure = baseProcedure
  .meta({ auth: "tenant" })
  .use(async ({ ctx, meta, type, next }) => {
    const claims = ctx.request.token ? await verifySessionToken(ctx.request.token, ctx.tokenSecret) : null;
    if (!claims) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first: the token is missing, invalid or expired." });
    const tenant = await ctx.tenants.get(claims.ten);
    if (!tenant) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first: the token is missing, invalid or expired." });
    assertTenantServes(tenant);
    assertTemplateServed(tenant, ctx.platform.templateVersionNumber);
    ctx.request.tenant = tenant.slug;
    if (meta?.module && !tierServes(tenant.tier, meta.module)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `The ${meta.module} module is not part of the ${tenant.tier} tier (it comes with ${lowestTierFor(meta.module)}).`,
      });
    }
    const assertPermitted = (user: SessionUser) => {
      if (meta?.permission && !user.permissions.includes(meta.permission)) {
        throw new TRPCError({
          code: "FORBIDDEN",
          message: `Your role (${user.roles.join(", ") || "none"}) does not grant ${meta.permission}.`,
        });
      }
    };
    // Who acts, for the audit log: the user and this request's id.
    const actorOf = (user: SessionUser): Actor => ({ userId: user.id, requestId: ctx.request.requestId });
    const sessionEnded = () =>
      new TRPCError({ code: "UNAUTHORIZED", message: "The session has ended (signed out or expired): sign in again." });
    // Queries (GET) run in read-only transactions: PostgreSQL refuses their writes.
    const readOnly = type === "query";
    // Roles and permissions seen in the last few seconds need not be loaded again; the session
    // itself is checked in every request's transaction, before any query of the procedure.
    const cached = ctx.users.get(tenant.slug, claims.sub);
    if (cached) {
      assertPermitted(cached);
      // The procedure starts at once (its queries queue behind the session check on the same
      // connection); if the session turns out to have ended, whatever it did is rolled back.
      const transaction = { alongside: sessionAliveAlongside(tenant.schemaName, claims.sid, claims.sub), readOnly };
      return inTransaction(ctx, tenant, transaction, async (tx, opened) => {
        const result = await next({ ctx: { tx, tenant, user: cached, sessionId: claims.sid, actor: actorOf(cached) } });
        if ((await opened) === null) throw sessionEnded();
        return result;
      });
    }
    const transaction = { alongside: sessionUserAlongside(tenant.schemaName, claims.sid, claims.sub), readOnly };
    return inTransaction(ctx, tenant, transaction, async (tx, opened) => {
      const user = await opened;
      if (user === null) throw sessionEnded();
      ctx.users.set(tenant.slug, user);
      assertPermitted(user);
      return next({ ctx: { tx, tenant, user, sessionId: claims.sid, actor: actorOf(user) } });
    });
  })
  .use(refuseUnsafeInput);

/**
 * A tenant procedure of one module: its tier must serve the module, and the user's roles must
 * grant `<module>.read` (the default) or `<module>.write`.
 */
export function moduleProcedure(module: Module, access: "read" | "write" = "read") {
  return tenantProcedure.meta({ module, permission: `${module}.${access}` });
}

/** The limits of an API whose deps name none (tests that build the app by hand). */
let fallbackSiteLimits: ReturnType<typeof createSiteLimits> | undefined;

/**
 * The public website path: no token; the tenant is named by its slug in the input (`tenant`).
 * Each read is counted against the client address first (TOO_MANY_REQUESTS with Retry-After
 * beyond the limit). An unknown tenant, a suspended or deprovisioned one, and one whose tier
 * does not serve cms all answer the same NOT_FOUND, so the path tells nothing about tenants. The
 * procedure runs in a READ ONLY transaction confined to the tenant's schema and role, exactly as
 * a signed-in user's query does (withTenantTransaction): it can write nothing and read no other
 * tenant; what it may show (published, approved, active) is the procedure's own WHERE clause.
 */
export const siteProcedure = baseProcedure
  .meta({ auth: "public", module: "cms" })
  .use(async ({ ctx, next }) => {
    fallbackSiteLimits ??= ctx.siteLimits ? undefined : createSiteLimits(defaultSiteLimitSettings);
    await (ctx.siteLimits ?? fallbackSiteLimits)?.admit(ctx.request.ip);
    return next();
  })
  .use(refuseUnsafeInput)
  .use(async ({ ctx, getRawInput, next }) => {
    const raw = await getRawInput();
    const given = raw !== null && typeof raw === "object" ? (raw as { tenant?: unknown }).tenant : undefined;
    const slug = slugSchema.safeParse(given);
    if (!slug.success) throw badInput({ path: ["tenant"], message: siteTenantMessage });
    const tenant = await ctx.tenants.get(slug.data);
    if (tenant?.status !== "active" || !tierServes(tenant.tier, "cms")) {
      throw new TRPCError({ code: "NOT_FOUND", message: `No website has the address '${slug.data}'.` });
    }
    assertTemplateServed(tenant, ctx.platform.templateVersionNumber);
    ctx.request.tenant = tenant.slug;
    return inTransaction(ctx, tenant, { readOnly: true }, (tx) => next({ ctx: { tx, tenant } }));
  });

/** What the `tenant` of a `site.*` input must look like (the registry's slug rule). */
export const siteTenantMessage = "must be a tenant slug: 3–40 lower-case letters, digits and underscores, starting with a letter";

/** FORBIDDEN, in one sentence, for a tenant that is suspended or deprovisioned. */
export function assertTenantServes(tenant: Tenant): void {
  if (tenant.status === "suspended") {
    throw new TRPCError({ code: "FORBIDDEN", message: `The tenant '${tenant.slug}' is suspended; contact your provider.` });
  }
  if (tenant.status === "deprovisioned") {
    throw new TRPCError({ code: "FORBIDDEN", message: `The tenant '${tenant.slug}' has been deprovisioned.` });
  }
}

/**
 * SERVICE_UNAVAILABLE, in one sentence with a retry hint, for a tenant on a template version this
 * build does not serve (a rollout is under way): better than failing on a missing column.
 */
export function assertTemplateServed(tenant: Tenant, apiVersionNumber: number | null): void {
  if (apiVersionNumber === null || servesTemplateVersion(apiVersionNumber, tenant.templateVersionNumber)) return;
  throw retryLater(
    "SERVICE_UNAVAILABLE",
    `The tenant '${tenant.slug}' is being upgraded (template version ${tenant.templateVersionNumber}; this server serves ${apiVersionNumber - 1} and ${apiVersionNumber}): retry in 30 seconds.`,
    30,
  );
}

/** Thrown inside the transaction to roll it back when the procedure failed; carries its result out. */
class FailedResult {
  constructor(readonly result: unknown) {}
}

/**
 * tRPC's `next()` reports a failure as a result instead of throwing, so the transaction would
 * commit a half-done mutation; turn a failed result into a rollback and hand the result on.
 */
async function inTransaction<R extends { ok: boolean }, A>(
  ctx: Context,
  tenant: Tenant,
  options: TenantTransactionOptions<A>,
  run: (tx: TenantQueries, opened: Promise<A | null>) => Promise<R>,
): Promise<R> {
  try {
    return await withTenantTransaction(
      ctx.tenantPool,
      tenant,
      async (tx, opened) => {
        const result = await run(tx, opened);
        if (!result.ok) throw new FailedResult(result);
        return result;
      },
      options,
    );
  } catch (error) {
    if (error instanceof FailedResult) return upgradeUnderWay(ctx, tenant, error.result as R);
    throw error;
  }
}

/** A table, column or function the tenant's schema does not have yet. */
const missingObjectCodes = new Set(["42P01", "42703", "42883"]);

/**
 * A tenant one template version behind this build (a rollout under way) lacks what the newest
 * change added: a procedure that needs it answers SERVICE_UNAVAILABLE with a retry hint, like a
 * tenant this build does not serve at all, instead of failing with a 500.
 */
function upgradeUnderWay<R extends { ok: boolean }>(ctx: Context, tenant: Tenant, result: R): R {
  const apiVersion = ctx.platform.templateVersionNumber;
  const failure = result as R & { error?: TRPCError };
  if (apiVersion === null || tenant.templateVersionNumber >= apiVersion || !(failure.error instanceof TRPCError)) return result;
  if (!missingObjectCodes.has(findPgError(failure.error.cause)?.code ?? "")) return result;
  const message = `The tenant '${tenant.slug}' is being upgraded to template version ${apiVersion}, which this request needs: retry in 30 seconds.`;
  return { ...failure, error: retryLater("SERVICE_UNAVAILABLE", message, 30) };
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the key.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
