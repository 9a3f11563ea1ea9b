import { findPgError } from "@erp/db";
import { tenantNames } from "@erp/tenancy";
import { sql } from "slonik";
import { expect } from "vitest";
import { z } from "zod";
import type { TestApi, TestTenant } from "./startTestApi.ts";

/** A tenant's table, qualified by its schema. */
export const tenantTable = (slug: string, table: string) => sql.identifier([tenantNames(slug).schemaName, table]);

/** Balance (debit − credit) per account code, from the general ledger; accounts without rows are left out. */
export async function ledgerBalances(api: TestApi, slug: string): Promise<Record<string, string>> {
  const rows = await api.db.pool.any(sql.type(z.object({ code: z.string(), balance: z.string() }))`
    SELECT a.code, sum(gl.debit - gl.credit)::numeric(18,4)::text AS balance
    FROM ${tenantTable(slug, "general_ledger")} gl JOIN ${tenantTable(slug, "chart_of_accounts")} a ON a.id = gl.account_id
    GROUP BY a.code ORDER BY a.code`);
  return Object.fromEntries(rows.map((row) => [row.code, row.balance]));
}

/** A vendor's price for a product (no API writes vendor_products yet). */
export async function setVendorPrice(
  api: TestApi,
  slug: string,
  price: { vendorId: string; productId: string; lastCost: string; preferred?: boolean },
): Promise<void> {
  await api.db.pool.query(sql.unsafe`
    INSERT INTO ${tenantTable(slug, "vendor_products")} (vendor_id, product_id, last_cost, is_preferred)
    VALUES (${price.vendorId}, ${price.productId}, ${price.lastCost}, ${price.preferred ?? true})`);
}

/** A tax rate straight into the tenant's table (no API manages tax rates yet). */
export async function addTaxRate(api: TestApi, slug: string, code: string, rate: string): Promise<string> {
  return api.db.pool.oneFirst(sql.type(z.object({ id: z.string() }))`
    INSERT INTO ${tenantTable(slug, "tax_rates")} (code, name, rate) VALUES (${code}, ${`Tax ${rate}%`}, ${rate}) RETURNING id`);
}

/**
 * A buyer: a staff user whose role is also granted procurement.read and procurement.write (the
 * default staff role has no procurement rights), but neither procurement.approve nor
 * procurement.override. Granted before the user first signs in.
 */
export async function signInBuyer(api: TestApi, tenant: TestTenant, email: string) {
  await tenant.client.auth.users.create.mutate({ email, displayName: "Buyer", password: "correct horse battery staple", roles: ["staff"] });
  await api.db.pool.query(sql.unsafe`
    INSERT INTO ${tenantTable(tenant.slug, "role_permissions")} (role_id, permission_id)
    SELECT r.id, p.id FROM ${tenantTable(tenant.slug, "roles")} r, ${tenantTable(tenant.slug, "permissions")} p
    WHERE r.key = 'staff' AND p.key IN ('procurement.read', 'procurement.write')
    ON CONFLICT DO NOTHING`);
  return api.signIn(tenant.slug, email, "correct horse battery staple");
}

export async function userIdOf(api: TestApi, slug: string, email: string): Promise<string> {
  return api.db.pool.oneFirst(sql.type(z.object({ id: z.string() }))`
    SELECT id FROM ${tenantTable(slug, "users")} WHERE email = ${email}`);
}

/** Awaits a statement the database must refuse, naming the rule (constraint or trigger rule) that refused it. */
export async function expectDatabaseRefusal(statement: Promise<unknown>, rule: string | RegExp): Promise<void> {
  const error = await statement.then(
    () => {
      throw new Error(`expected the database to refuse with ${rule}`);
    },
    (caught: unknown) => caught,
  );
  const refusedBy = findPgError(error)?.constraint ?? "";
  if (typeof rule === "string") expect(refusedBy, String(error)).toBe(rule);
  else expect(refusedBy, String(error)).toMatch(rule);
}
