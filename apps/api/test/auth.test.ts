import { randomBytes, scryptSync } from "node:crypto";
import { createErpClient } from "@erp/client";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { signSessionToken, unverifiedClaimsOf } from "../src/auth/sessionToken.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let acme: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  acme = await api.provision("acme");
});
afterAll(async () => api?.close());

describe("auth.login", () => {
  test("returns a token, its expiry and the user with the admin role", async () => {
    const result = await createErpClient({ url: api.url }).auth.login.mutate({
      tenant: acme.slug,
      email: acme.email,
      password: acme.password,
    });
    expect(result.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Date.parse(result.expiresAt)).toBeGreaterThan(Date.now() + 3500_000);
    expect(result.user).toMatchObject({ email: acme.email, roles: ["admin"] });
    expect(result.user.permissions).toContain("catalog.write");
  });

  test("answers an unknown tenant, an unknown email and a wrong password alike", async () => {
    const anonymous = createErpClient({ url: api.url });
    const messages = await Promise.all([
      expectCode(
        anonymous.auth.login.mutate({ tenant: api.db.slug("nobody"), email: acme.email, password: acme.password }),
        "UNAUTHORIZED",
      ),
      expectCode(anonymous.auth.login.mutate({ tenant: "Not A Slug!", email: acme.email, password: acme.password }), "UNAUTHORIZED"),
      expectCode(anonymous.auth.login.mutate({ tenant: acme.slug, email: "stranger@acme.test", password: acme.password }), "UNAUTHORIZED"),
      expectCode(anonymous.auth.login.mutate({ tenant: acme.slug, email: acme.email, password: `${acme.password}x` }), "UNAUTHORIZED"),
    ]);
    expect(new Set(messages)).toEqual(new Set(["The tenant, email or password is wrong."]));
  });

  test("refuses a suspended tenant with FORBIDDEN once the password verifies, and serves it again once resumed", async () => {
    const tenant = await api.provision("paused");
    await api.operator.platform.tenants.suspend.mutate({ slug: tenant.slug });
    const message = await expectCode(
      createErpClient({ url: api.url }).auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password }),
      "FORBIDDEN",
    );
    expect(message).toMatch(/suspended/);
    await expectCode(tenant.client.auth.me.query(), "FORBIDDEN");
    await api.operator.platform.tenants.resume.mutate({ slug: tenant.slug });
    expect((await tenant.client.auth.me.query()).user.email).toBe(tenant.email);
  });

  test("answers a sign-in to a deprovisioned tenant like one to an unknown tenant, and refuses its tokens", async () => {
    const tenant = await api.provision("gone");
    await api.operator.platform.tenants.deprovision.mutate({ slug: tenant.slug });
    // Its users went with its schema: no password verifies, so nothing tells the tenant existed.
    const message = await expectCode(
      createErpClient({ url: api.url }).auth.login.mutate({ tenant: tenant.slug, email: tenant.email, password: tenant.password }),
      "UNAUTHORIZED",
    );
    expect(message).toBe("The tenant, email or password is wrong.");
    await expectCode(tenant.client.catalog.products.list.query({}), "FORBIDDEN");
  });
});

describe("tokens", () => {
  test("auth.me names the user and the tenant's modules", async () => {
    const me = await acme.client.auth.me.query();
    expect(me.tenant).toEqual({ slug: acme.slug, name: acme.slug, tier: "starter", modules: ["catalog", "sales", "inventory"] });
    expect(me.user.email).toBe(acme.email);
  });

  test("logout revokes the token at once", async () => {
    const client = await api.signIn(acme.slug, acme.email, acme.password);
    await client.catalog.products.list.query({});
    await client.auth.logout.mutate();
    await expectCode(client.catalog.products.list.query({}), "UNAUTHORIZED");
    await expectCode(client.auth.me.query(), "UNAUTHORIZED");
    // Other sessions of the same user are untouched.
    expect((await acme.client.auth.me.query()).user.email).toBe(acme.email);
  });

  test("rejects missing, forged and expired tokens", async () => {
    await expectCode(createErpClient({ url: api.url }).auth.me.query(), "UNAUTHORIZED");
    const me = await acme.client.auth.me.query();
    const forged = await signSessionToken(
      { sid: me.user.id, sub: me.user.id, ten: acme.slug, exp: Math.floor(Date.now() / 1000) + 60 },
      "not-the-server-secret-0123456789abcdef",
    );
    await expectCode(createErpClient({ url: api.url, token: forged }).auth.me.query(), "UNAUTHORIZED");
    await expectCode(createErpClient({ url: api.url, token: "garbage" }).auth.me.query(), "UNAUTHORIZED");
  });

  test("accepts a token only in its one canonical spelling (no padding, stray characters or spare bits)", async () => {
    const { token } = await createErpClient({ url: api.url }).auth.login.mutate({
      tenant: acme.slug,
      email: acme.email,
      password: acme.password,
    });
    expect((await createErpClient({ url: api.url, token }).auth.me.query()).user.email).toBe(acme.email);
    // The signature's last character carries spare bits: a neighbour in the alphabet decodes to the same bytes.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(token.at(-1) ?? "");
    const spareBits = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
    for (const variant of [`${token}=`, `${token}==`, `${token}!`, spareBits, token.replace(".", "..")]) {
      await expectCode(createErpClient({ url: api.url, token: variant }).auth.me.query(), "UNAUTHORIZED");
    }
  });

  test("a password hash from before argon2id (scrypt) still signs in, and is replaced by an argon2id one", async () => {
    const users = sql.identifier([`tenant_${acme.slug}`, "users"]);
    const salt = randomBytes(16);
    const key = scryptSync(acme.password.normalize("NFKC"), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const legacy = ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    await api.platform.pool.query(sql.unsafe`UPDATE ${users} SET password_hash = ${legacy} WHERE email = ${acme.email}`);
    const storedHash = () =>
      api.platform.pool.oneFirst(
        sql.type(z.object({ hash: z.string() }))`SELECT password_hash AS hash FROM ${users} WHERE email = ${acme.email}`,
      );

    await expectCode(
      createErpClient({ url: api.url }).auth.login.mutate({ tenant: acme.slug, email: acme.email, password: "wrong password!" }),
      "UNAUTHORIZED",
    );
    expect(await storedHash()).toBe(legacy);
    await createErpClient({ url: api.url }).auth.login.mutate({ tenant: acme.slug, email: acme.email, password: acme.password });
    expect(await storedHash()).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await createErpClient({ url: api.url }).auth.login.mutate({ tenant: acme.slug, email: acme.email, password: acme.password });
  });

  test("a token stops working when it expires, even one the server has just accepted", async () => {
    const { token } = await createErpClient({ url: api.url }).auth.login.mutate({
      tenant: acme.slug,
      email: acme.email,
      password: acme.password,
    });
    const claims = unverifiedClaimsOf(token);
    const expired = await signSessionToken({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }, api.env.tokenSecret);
    await expectCode(createErpClient({ url: api.url, token: expired }).auth.me.query(), "UNAUTHORIZED");

    const expiresSoon = Math.floor(Date.now() / 1000) + 2;
    const shortLived = createErpClient({
      url: api.url,
      token: await signSessionToken({ ...claims, exp: expiresSoon }, api.env.tokenSecret),
    });
    expect((await shortLived.auth.me.query()).user.email).toBe(acme.email);
    await new Promise((resolve) => setTimeout(resolve, expiresSoon * 1000 - Date.now() + 50));
    await expectCode(shortLived.auth.me.query(), "UNAUTHORIZED");
  });
});

describe("platform.tenants", () => {
  test("needs the operator key", async () => {
    await expectCode(createErpClient({ url: api.url }).platform.tenants.list.query({}), "UNAUTHORIZED");
    await expectCode(
      createErpClient({ url: api.url, operatorKey: "wrong-key-wrong-key-wrong-key" }).platform.tenants.list.query({}),
      "UNAUTHORIZED",
    );
  });

  test("provision with seedDemoData returns the admin's credentials once and fills the tenant", async () => {
    const slug = api.db.slug("demo");
    const provisioned = await api.operator.platform.tenants.provision.mutate({
      slug,
      tier: "starter",
      admin: { email: "owner@demo.test" },
      seedDemoData: true,
    });
    expect(provisioned.admin.password.length).toBeGreaterThanOrEqual(12);
    expect(provisioned.demoData?.rows).toBeGreaterThan(0);
    const owner = await api.signIn(slug, "owner@demo.test", provisioned.admin.password);
    expect((await owner.catalog.products.list.query({ limit: 100 })).items.length).toBe(10);
    expect((await owner.sales.orders.list.query({ limit: 100 })).items.length).toBe(5);
  });

  test("lists and gets tenants; a taken slug is a CONFLICT", async () => {
    const page = await api.operator.platform.tenants.list.query({ limit: 100 });
    expect(page.items.map((tenant) => tenant.slug)).toContain(acme.slug);
    expect((await api.operator.platform.tenants.get.query({ slug: acme.slug })).tier).toBe("starter");
    await expectCode(api.operator.platform.tenants.get.query({ slug: api.db.slug("missing") }), "NOT_FOUND");
    await expectCode(
      api.operator.platform.tenants.provision.mutate({ slug: acme.slug, tier: "starter", admin: { email: "x@acme.test" } }),
      "CONFLICT",
    );
    await expectCode(
      api.operator.platform.tenants.provision.mutate({ slug: "X", tier: "starter", admin: { email: "x@acme.test" } }),
      "BAD_REQUEST",
    );
  });
});
