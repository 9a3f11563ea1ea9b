import { describeSchema, diffSchemaDescriptions, findPgError, InvalidInputError, type Platform } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { type ProvisionedTenant, permissionKeys, provisionTenant, roleKeys, verifyPassword } from "../src/index.ts";

let db: TestDatabase;
let platform: Pick<Platform, "pool" | "templateVersion">;
let alpha: ProvisionedTenant;
let beta: ProvisionedTenant;
const password = "correct horse battery staple";

beforeAll(async () => {
  db = await createTestDatabase();
  platform = db.platform;
  alpha = await provisionTenant(platform, { slug: db.slug("alpha"), tier: "growth", admin: { email: "Admin@Alpha.test", password } });
  beta = await provisionTenant(platform, { slug: db.slug("beta"), tier: "starter", admin: { email: "admin@beta.test", password } });
});
afterAll(async () => db?.drop());

describe("provisionTenant", () => {
  test("builds a schema identical to the template: columns, types, defaults, constraints, indexes, sequences", async () => {
    const template = await describeSchema(db.pool, "template_tenant");
    const tenant = await describeSchema(db.pool, alpha.tenant.schemaName);
    expect(tenant.tables.length).toBeGreaterThanOrEqual(200);
    expect(diffSchemaDescriptions(template, tenant)).toEqual([]);
  });

  test("the structure comparison notices a drifted column default and a dropped index", async () => {
    const schema = beta.tenant.schemaName;
    await db.pool.query(sql.unsafe`ALTER TABLE ${sql.identifier([schema, "brands"])} ALTER COLUMN status SET DEFAULT 'inactive'`);
    await db.pool.query(sql.unsafe`DROP INDEX ${sql.identifier([schema, "audit_log_user_id_idx"])}`);
    try {
      const differences = diffSchemaDescriptions(await describeSchema(db.pool, "template_tenant"), await describeSchema(db.pool, schema));
      expect(differences).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^missing column: brands\.status text not null default 'active'/),
          expect.stringMatching(/^extra column: brands\.status text not null default 'inactive'/),
          "missing index: CREATE INDEX audit_log_user_id_idx ON audit_log USING btree (user_id)",
        ]),
      );
      expect(differences).toHaveLength(3);
    } finally {
      await db.pool.query(sql.unsafe`ALTER TABLE ${sql.identifier([schema, "brands"])} ALTER COLUMN status SET DEFAULT 'active'`);
      await db.pool.query(sql.unsafe`CREATE INDEX audit_log_user_id_idx ON ${sql.identifier([schema, "audit_log"])} (user_id)`);
    }
  });

  test("records the tenant in the registry with its template version and a provisioning event", async () => {
    expect(alpha.tenant).toMatchObject({
      slug: db.slug("alpha"),
      schemaName: `tenant_${db.slug("alpha")}`,
      roleName: `tenant_${db.slug("alpha")}_rw`,
      tier: "growth",
      status: "active",
      templateVersion: platform.templateVersion,
    });
    const kinds = await db.pool.anyFirst(sql.unsafe`SELECT kind FROM platform.tenant_events WHERE tenant_id = ${alpha.tenant.id}`);
    expect(kinds).toEqual(["provisioned"]);
  });

  test("seeds the default roles with their permissions and an admin who can log in with the stored hash", async () => {
    const schema = alpha.tenant.schemaName;
    const roles = await db.pool.anyFirst(sql.unsafe`SELECT key FROM ${sql.identifier([schema, "roles"])} ORDER BY key`);
    expect(roles).toEqual([...roleKeys].sort());
    expect(await db.pool.oneFirst(sql.unsafe`SELECT count(*) FROM ${sql.identifier([schema, "permissions"])}`)).toBe(permissionKeys.length);
    const viewerWrites = await db.pool.oneFirst(sql.unsafe`
      SELECT count(*) FROM ${sql.identifier([schema, "role_permissions"])} rp
      JOIN ${sql.identifier([schema, "roles"])} r ON r.id = rp.role_id
      JOIN ${sql.identifier([schema, "permissions"])} p ON p.id = rp.permission_id
      WHERE r.key = 'viewer' AND p.action <> 'read'`);
    expect(viewerWrites).toBe(0);

    const admin = await db.pool.one(sql.type(z.object({ email: z.string(), password_hash: z.string(), roles: z.array(z.string()) }))`
      SELECT u.email, u.password_hash, array_agg(r.key) AS roles FROM ${sql.identifier([schema, "users"])} u
      JOIN ${sql.identifier([schema, "user_roles"])} ur ON ur.user_id = u.id
      JOIN ${sql.identifier([schema, "roles"])} r ON r.id = ur.role_id GROUP BY u.id`);
    expect(admin.email).toBe("admin@alpha.test");
    expect(admin.roles).toEqual(["admin"]);
    expect(admin.password_hash).not.toContain(password);
    expect(await verifyPassword(password, String(admin.password_hash))).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", String(admin.password_hash))).toBe(false);
  });
});

describe("database-enforced isolation", () => {
  const asRole = async (role: string, query: ReturnType<typeof sql.unsafe>) =>
    db.pool.transaction(async (tx) => {
      await tx.query(sql.unsafe`SELECT set_config('role', ${role}, true)`);
      return tx.any(query);
    });

  test("a tenant role reads and writes its own tables", async () => {
    const schema = alpha.tenant.schemaName;
    const rows = await asRole(alpha.tenant.roleName, sql.unsafe`SELECT key FROM ${sql.identifier([schema, "roles"])}`);
    expect(rows).toHaveLength(roleKeys.length);
  });

  test.each([
    ["another tenant's table", () => sql.unsafe`SELECT * FROM ${sql.identifier([beta.tenant.schemaName, "products"])}`],
    ["the platform registry", () => sql.unsafe`SELECT * FROM platform.tenants`],
    ["the template", () => sql.unsafe`SELECT * FROM template_tenant.products`],
  ])("a tenant role gets permission denied on %s", async (_, query) => {
    const failure = await asRole(alpha.tenant.roleName, query()).catch((error: unknown) => error);
    expect(findPgError(failure)?.code).toBe("42501");
  });
});

describe("bad input is refused with one sentence naming the field", () => {
  test.each([
    [{ slug: "x; DROP SCHEMA public" }, /^slug must be 3–40 characters/],
    [{ slug: "platform" }, /^slug must not be a reserved name/],
    [{ slug: "pg_toast" }, /^slug must not be a reserved name/],
    [{ tier: "platinum" }, /^tier must be one of starter, growth, professional, enterprise\.$/],
    [{ admin: { email: "not-an-email", password } }, /^admin\.email must be an email address\.$/],
    [{ admin: { email: "a@b.test", password: "short" } }, /^admin\.password must be at least 12 characters\.$/],
  ])("%o", async (override, message) => {
    const input = { slug: db.slug("bad"), tier: "starter", admin: { email: "a@b.test", password }, ...override };
    const failure = provisionTenant(platform, input as never);
    await expect(failure).rejects.toBeInstanceOf(InvalidInputError);
    await expect(failure).rejects.toThrow(message);
  });
});
