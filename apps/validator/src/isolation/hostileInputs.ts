import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { type CallResult, callProcedure, send } from "../api/callProcedure.ts";
import { createTally } from "./attackTally.ts";
import { bearerOf, type Session } from "./session.ts";

const injections = [
  "' OR '1'='1",
  "'; DROP TABLE products; --",
  '" OR ""="',
  "1; SET ROLE postgres; --",
  "') UNION SELECT id, slug FROM platform.tenants --",
  "tenant_x'; SELECT pg_sleep(5); --",
];

const idRow = z.object({ id: z.string() });

/**
 * SQL-looking and oversized inputs from a signed-in tenant and from anonymous sign-in: each is
 * refused, or answers with the caller's own rows only; afterwards every table is still there.
 */
export async function hostileInputAttacks(url: string, pool: DatabasePool, session: Session, templateTables: number) {
  const attack = createTally(
    "SQL-looking and oversized inputs",
    "Quotes, comments, UNION and stacked statements in searches, ids, cursors, names and sign-in fields; strings past their limits, a 2 MiB body, broken JSON; the server must refuse or answer with the caller's rows only.",
  );
  const headers = bearerOf(session);
  const schema = session.tenant.schemaName;
  const ownProducts = new Set(await pool.anyFirst(sql.type(idRow)`SELECT id::text AS id FROM ${sql.identifier([schema, "products"])}`));

  /** A search may answer: then every row must be the caller's own. */
  const searched = async (input: unknown, what: string) => {
    const result = await callProcedure(url, "catalog.products.list", "query", input, headers);
    if (!result.ok) return attack.expectRefusal(result, what);
    const foreign = ((result.data as { items?: { id: string }[] }).items ?? []).filter((item) => !ownProducts.has(item.id));
    if (foreign.length > 0) attack.leak(`${what}: ${foreign.length} rows that are not ${session.tenant.slug}'s`);
    else attack.refused("own rows only");
  };

  for (const text of injections) {
    await searched({ search: text, limit: 100 }, `search ${JSON.stringify(text)}`);
    attack.expectRefusal(
      await callProcedure(url, "catalog.products.get", "query", { id: text }, headers),
      `get id ${JSON.stringify(text)}`,
    );
    attack.expectRefusal(
      await callProcedure(url, "catalog.products.list", "query", { cursor: text }, headers),
      `cursor ${JSON.stringify(text)}`,
    );
    attack.expectRefusal(
      await callProcedure(url, "auth.login", "mutation", { tenant: text, email: session.tenant.email, password: session.tenant.password }),
      `sign-in tenant ${JSON.stringify(text)}`,
    );
    attack.expectRefusal(
      await callProcedure(url, "auth.login", "mutation", { tenant: session.tenant.slug, email: text, password: text }),
      `sign-in email/password ${JSON.stringify(text)}`,
    );
  }
  for (const reserved of ["platform", "template_tenant", "public", "pg_catalog", session.tenant.schemaName]) {
    attack.expectRefusal(
      await callProcedure(url, "auth.login", "mutation", {
        tenant: reserved,
        email: session.tenant.email,
        password: session.tenant.password,
      }),
      `sign-in to tenant ${reserved}`,
    );
  }

  // Past a documented limit: must be refused (a success means a limit is not enforced).
  const pastLimits: [string, () => Promise<CallResult>][] = [
    [
      "a 10,000-character search (limit 200)",
      () => callProcedure(url, "catalog.products.list", "query", { search: "x".repeat(10_000) }, headers),
    ],
    ["limit 1,000,000 (limit 100)", () => callProcedure(url, "catalog.products.list", "query", { limit: 1_000_000 }, headers)],
    ["a negative limit", () => callProcedure(url, "catalog.products.list", "query", { limit: -1 }, headers)],
    [
      "a NUL byte in a name",
      () => callProcedure(url, "catalog.brands.create", "mutation", { slug: "nul-byte", name: "a\u0000b" }, headers),
    ],
    [
      "a 100,000-character name (limit 200)",
      () => callProcedure(url, "catalog.brands.create", "mutation", { slug: "long-name", name: "n".repeat(100_000) }, headers),
    ],
    [
      "a 2 MiB body (limit 1 MiB)",
      () =>
        callProcedure(
          url,
          "catalog.brands.create",
          "mutation",
          { slug: "big", name: "big", description: "d".repeat(2 * 1024 * 1024) },
          headers,
        ),
    ],
    [
      "broken JSON",
      () =>
        send(`${url}/trpc/catalog.brands.create`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: '{"slug": "x", ',
        }),
    ],
    ["an input of the wrong type", () => callProcedure(url, "catalog.products.get", "query", ["not", "an", "object"], headers)],
    ["a procedure path with SQL", () => send(`${url}/trpc/catalog.products.list;DROP%20TABLE%20products`, { headers })],
  ];
  for (const [what, call] of pastLimits) attack.expectRefusal(await call(), what, "unexpected");
  // No documented limit: the API may store it as the caller's own data, but must not fail.
  attack.expectNoServerError(
    await callProcedure(url, "catalog.brands.create", "mutation", { slug: "deep", name: "deep", attributes: nested(1000) }, headers),
    "a 1,000-level nested object",
  );

  // Names that look like SQL are data: stored as written, and nothing else happens.
  const tricky = "Robert'); DROP TABLE brands; --";
  const stored = await callProcedure(url, "catalog.brands.create", "mutation", { slug: "little-bobby-tables", name: tricky }, headers);
  if (!stored.ok) attack.expectRefusal(stored, "a brand named like an injection");
  else if ((stored.data as { name?: string }).name !== tricky)
    attack.unexpected("a brand named like an injection was not stored as written");
  else attack.refused("stored as text");

  const tables = await pool.oneFirst(sql.type(z.object({ count: z.number() }))`
    SELECT count(*)::int AS count FROM pg_class WHERE relnamespace = ${schema}::regnamespace AND relkind IN ('r', 'p')`);
  if (tables !== templateTables) attack.leak(`${schema} has ${tables} tables after the attacks, the template ${templateTables}`);
  return attack.tally;
}

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let level = 0; level < depth; level++) value = { n: value };
  return value;
}
