import { TenantUnavailableError, withTenantTransaction } from "@erp/db";
import { decoyHash, needsRehash, slugSchema, type Tenant } from "@erp/tenancy";
import { sql } from "slonik";
import { z } from "zod";
import type { Context } from "../context.ts";
import type { PasswordHashing } from "./createPasswordChecks.ts";

const account = z.object({ id: z.uuid(), passwordHash: z.string(), status: z.string() });

export type CheckedCredentials = {
  /** The tenant whose users were searched: null for an unknown or deprovisioned one. */
  tenant: Tenant | null;
  user: z.infer<typeof account> | null;
  /** The password is the user's and the user is active. */
  passwordVerified: boolean;
  /** A new hash for a user whose stored hash predates the current scheme. */
  rehashed: string | null;
};

/**
 * Looks the user up and checks the password: one password hash whatever the tenant's state.
 * Unknown and deprovisioned tenants (schema gone) and unknown users are checked against a decoy
 * hash, suspended tenants like active ones; so until the password verifies, every one of them
 * takes one hash and gets the same answer.
 */
export async function checkCredentials(
  ctx: Pick<Context, "tenants" | "tenantPool">,
  slug: string,
  email: string,
  password: string,
  hashing: PasswordHashing,
): Promise<CheckedCredentials> {
  const found = slugSchema.safeParse(slug).success ? await ctx.tenants.get(slug) : null;
  let tenant = found && found.status !== "deprovisioned" ? found : null;
  let user: CheckedCredentials["user"] = null;
  if (tenant) {
    try {
      user = await withTenantTransaction(
        ctx.tenantPool,
        tenant,
        (tx) => tx.maybeOne(sql.type(account)`SELECT id, password_hash AS "passwordHash", status FROM users WHERE email = ${email}`),
        { readOnly: true },
      );
    } catch (error) {
      // Deprovisioned since its registry row was cached: as unknown as a tenant never provisioned.
      if (!(error instanceof TenantUnavailableError)) throw error;
      tenant = null;
    }
  }
  const matches = await hashing.verify(password, user?.passwordHash ?? (await decoyHash));
  const passwordVerified = Boolean(user && matches && user.status === "active");
  // A hash from before the current scheme (scrypt) is replaced now that the password is known.
  const rehashed =
    passwordVerified && tenant?.status === "active" && user && needsRehash(user.passwordHash) ? await hashing.hash(password) : null;
  return { tenant, user, passwordVerified, rehashed };
}
