import { withTenantTransaction } from "@erp/db";
import { tierModules } from "@erp/tenancy";
import { TRPCError } from "@trpc/server";
import { sql } from "slonik";
import { z } from "zod";
import { checkCredentials } from "../../auth/checkCredentials.ts";
import { recordLoginAttempt } from "../../auth/recordLoginAttempt.ts";
import { signSessionToken } from "../../auth/sessionToken.ts";
import { type SessionUser, sessionUser, sessionUserColumns } from "../../auth/sessionUser.ts";
import { assertTenantServes, publicProcedure, router, tenantProcedure } from "../../trpc.ts";
import { usersRouter } from "./users.ts";

/** One answer for an unknown tenant, an unknown email and a wrong password: no enumeration. */
const wrongCredentials = () => new TRPCError({ code: "UNAUTHORIZED", message: "The tenant, email or password is wrong." });

const loginInput = z.object({
  tenant: z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .max(64, { error: "must be at most 64 characters" }),
  email: z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .max(320, { error: "must be at most 320 characters" }),
  password: z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty" })
    .max(200, { error: "must be at most 200 characters" }),
});

const signedIn = sessionUser.extend({ sessionId: z.uuid(), expiresAt: z.string() });

const tenantSummary = z.object({ slug: z.string(), name: z.string(), tier: z.string(), modules: z.array(z.string()) });

export const authRouter = router({
  login: publicProcedure
    .meta({
      summary:
        "Signs a user in: a token for `Authorization: Bearer …` until expiresAt. Failed sign-ins are limited per account and per client address (429 with Retry-After); a burst beyond the password-hashing capacity is refused with 503 and Retry-After.",
      errors: ["UNAUTHORIZED", "FORBIDDEN", "TOO_MANY_REQUESTS", "SERVICE_UNAVAILABLE"],
    })
    .input(loginInput)
    .output(z.object({ token: z.string(), expiresAt: z.string(), user: sessionUser }))
    .mutation(async ({ ctx, input }) => {
      const email = input.email.trim().toLowerCase();
      const admission = await ctx.signIns.limits.admit({ tenant: input.tenant, email }, ctx.request.ip);
      const checked = await ctx.signIns.passwordChecks
        .run((hashing) => checkCredentials(ctx, input.tenant, email, input.password, hashing))
        .catch(async (error: unknown) => {
          await admission.withdrawn();
          throw error;
        });
      const { tenant, user, passwordVerified, rehashed } = checked;
      const lock = await admission.checked(passwordVerified);
      if (lock) ctx.log.warn("sign-ins locked", { tenant: input.tenant, email, ip: ctx.request.ip, seconds: lock.lockedSeconds });
      if (!tenant) throw wrongCredentials();
      ctx.request.tenant = tenant.slug;
      const succeeded = passwordVerified && tenant.status === "active";

      const ttl = ctx.tokenTtlSeconds;
      const session = await withTenantTransaction(ctx.tenantPool, tenant, async (tx) => {
        await recordLoginAttempt(tx, {
          userId: user?.id ?? null,
          email,
          succeeded,
          ip: ctx.request.ip,
          lockedSeconds: lock?.lockedSeconds,
          retentionDays: ctx.signIns.attemptsRetentionDays,
        });
        if (!succeeded || !user) return null;
        if (rehashed) await tx.query(sql.unsafe`UPDATE users SET password_hash = ${rehashed}, updated_at = now() WHERE id = ${user.id}`);
        return tx.one(sql.type(signedIn)`
          WITH session AS (
            INSERT INTO sessions (user_id, expires_at, ip_address, user_agent)
            VALUES (${user.id}, now() + make_interval(secs => ${ttl}), ${ctx.request.ip ?? null}::inet, ${ctx.request.userAgent?.slice(0, 500) ?? null})
            RETURNING id, expires_at
          ), touched AS (
            UPDATE users SET last_login_at = now() WHERE id = ${user.id}
          )
          SELECT ${sessionUserColumns}, session.id AS "sessionId", session.expires_at AS "expiresAt"
          FROM users u, session WHERE u.id = ${user.id}`);
      });
      if (!session) {
        // Only a verified password may learn that the tenant is suspended.
        if (passwordVerified) assertTenantServes(tenant);
        throw wrongCredentials();
      }
      const { sessionId, expiresAt, ...signedInUser } = session;
      const token = await signSessionToken(
        { sid: sessionId, sub: signedInUser.id, ten: tenant.slug, exp: Math.floor(Date.parse(expiresAt) / 1000) },
        ctx.tokenSecret,
      );
      return { token, expiresAt, user: signedInUser satisfies SessionUser };
    }),

  me: tenantProcedure
    .meta({ summary: "The signed-in user, their roles and permissions, and their tenant with the modules its tier serves." })
    .output(z.object({ user: sessionUser, tenant: tenantSummary }))
    .query(({ ctx }) => ({
      user: ctx.user,
      tenant: { slug: ctx.tenant.slug, name: ctx.tenant.name, tier: ctx.tenant.tier, modules: [...tierModules[ctx.tenant.tier]] },
    })),

  logout: tenantProcedure
    .meta({ summary: "Ends the session: its token stops working at once." })
    .output(z.object({ signedOut: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await ctx.tx.query(sql.unsafe`UPDATE sessions SET revoked_at = now(), updated_at = now() WHERE id = ${ctx.sessionId}`);
      return { signedOut: true as const };
    }),

  users: usersRouter,
});
