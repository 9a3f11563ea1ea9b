import { withTenantTransaction } from "@erp/db";
import { decoyHash, hashPassword, needsRehash, slugSchema, tierModules, verifyPassword } from "@erp/tenancy";
import { TRPCError } from "@trpc/server";
import { sql } from "slonik";
import { z } from "zod";
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

const account = z.object({ id: z.uuid(), passwordHash: z.string(), status: z.string() });
const signedIn = sessionUser.extend({ sessionId: z.uuid(), expiresAt: z.string() });

const tenantSummary = z.object({ slug: z.string(), name: z.string(), tier: z.string(), modules: z.array(z.string()) });

export const authRouter = router({
  login: publicProcedure
    .meta({ summary: "Signs a user in: a token for `Authorization: Bearer …` until expiresAt.", errors: ["UNAUTHORIZED", "FORBIDDEN"] })
    .input(loginInput)
    .output(z.object({ token: z.string(), expiresAt: z.string(), user: sessionUser }))
    .mutation(async ({ ctx, input }) => {
      const email = input.email.trim().toLowerCase();
      const tenant = slugSchema.safeParse(input.tenant).success ? await ctx.tenants.get(input.tenant) : null;
      if (tenant) {
        assertTenantServes(tenant);
        ctx.request.tenant = tenant.slug;
      }
      const found = tenant
        ? await withTenantTransaction(
            ctx.tenantPool,
            tenant,
            (tx) => tx.maybeOne(sql.type(account)`SELECT id, password_hash AS "passwordHash", status FROM users WHERE email = ${email}`),
            { readOnly: true },
          )
        : null;
      // Unknown users are checked against a decoy hash, so the answer takes as long either way.
      const passwordMatches = await verifyPassword(input.password, found?.passwordHash ?? (await decoyHash));
      const succeeded = Boolean(found && passwordMatches && found.status === "active");
      if (!tenant) throw wrongCredentials();
      // A hash from before the current scheme (scrypt) is replaced now that the password is known.
      const rehashed = succeeded && found && needsRehash(found.passwordHash) ? await hashPassword(input.password) : null;

      const ttl = ctx.tokenTtlSeconds;
      const session = await withTenantTransaction(ctx.tenantPool, tenant, async (tx) => {
        await tx.query(sql.unsafe`
          INSERT INTO login_attempts (user_id, email, succeeded, ip_address)
          VALUES (${found?.id ?? null}, ${email.slice(0, 320)}, ${succeeded}, ${ctx.request.ip ?? null}::inet)`);
        if (!succeeded || !found) return null;
        if (rehashed) await tx.query(sql.unsafe`UPDATE users SET password_hash = ${rehashed}, updated_at = now() WHERE id = ${found.id}`);
        return tx.one(sql.type(signedIn)`
          WITH session AS (
            INSERT INTO sessions (user_id, expires_at, ip_address, user_agent)
            VALUES (${found.id}, now() + make_interval(secs => ${ttl}), ${ctx.request.ip ?? null}::inet, ${ctx.request.userAgent?.slice(0, 500) ?? null})
            RETURNING id, expires_at
          ), touched AS (
            UPDATE users SET last_login_at = now() WHERE id = ${found.id}
          )
          SELECT ${sessionUserColumns}, session.id AS "sessionId", session.expires_at AS "expiresAt"
          FROM users u, session WHERE u.id = ${found.id}`);
      });
      if (!session) throw wrongCredentials();
      const { sessionId, expiresAt, ...user } = session;
      const token = await signSessionToken(
        { sid: sessionId, sub: user.id, ten: tenant.slug, exp: Math.floor(Date.parse(expiresAt) / 1000) },
        ctx.tokenSecret,
      );
      return { token, expiresAt, user: user satisfies SessionUser };
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
