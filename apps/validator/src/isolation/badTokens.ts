import { randomBytes, randomUUID } from "node:crypto";
// The API's own signer: forged and expired tokens must be well-formed, or the test proves little.
import { signSessionToken, unverifiedClaimsOf } from "@erp/api/testing";
import { callProcedure } from "../api/callProcedure.ts";
import type { ValidationApi } from "../api/validationApi.ts";
import { createTally } from "./attackTally.ts";
import type { Session } from "./session.ts";

/** Procedures every bad token is tried on: one without a module gate, one behind it. */
const probes = [
  { path: "auth.me", input: null },
  { path: "catalog.products.list", input: { limit: 5 } },
] as const;

/**
 * Tokens that must not open anything: none, garbage, a wrong signature, a payload changed to
 * another tenant, correctly signed claims pointing at another tenant or an expired time, a token
 * after logout, and the token of a tenant suspended in the meantime (then resumed).
 */
export async function badTokenAttacks(api: ValidationApi, alice: Session, bob: Session, suspended: Session) {
  const attack = createTally(
    "Forged, expired and revoked tokens",
    "No token, garbage, a wrong signature, a payload switched to another tenant, validly signed claims for another tenant or past their expiry, a token after logout, and a suspended tenant's token.",
  );
  const claims = unverifiedClaimsOf(alice.token);
  const [header, payload, signature] = alice.token.split(".");
  const switchedPayload = Buffer.from(JSON.stringify({ ...claims, ten: bob.tenant.slug })).toString("base64url");
  const tokens: [string, string | null][] = [
    ["no token", null],
    ["garbage", randomBytes(24).toString("base64url")],
    ["an unsigned payload", `${header}.${payload}.`],
    ["the signature with padding appended", `${alice.token}=`],
    ["the signature with a stray character appended", `${alice.token}!`],
    ["a wrong signing key", await signSessionToken(claims, randomBytes(32).toString("base64url"))],
    ["the payload switched to another tenant, old signature", `${header}.${switchedPayload}.${signature}`],
    ["signed claims naming another tenant", await signSessionToken({ ...claims, ten: bob.tenant.slug }, api.tokenSecret)],
    ["signed claims with an unknown session", await signSessionToken({ ...claims, sid: randomUUID() }, api.tokenSecret)],
    [
      "signed claims that expired a minute ago",
      await signSessionToken({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, api.tokenSecret),
    ],
    ["an oversized token", "a".repeat(64 * 1024)],
  ];
  // A session of its own to revoke, so alice's token stays good for the other attacks.
  const revoked = await api.login(alice.tenant);
  await api.client({ token: revoked }).auth.logout.mutate();
  tokens.push(["a token after logout", revoked]);

  const tryAll = async (label: string, token: string | null) => {
    for (const probe of probes) {
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      attack.expectRefusal(await callProcedure(api.url, probe.path, "query", probe.input, headers), `${label} on ${probe.path}`);
    }
  };
  for (const [label, token] of tokens) await tryAll(label, token);

  // Suspension through the operator API, which also drops the server's cached registry row.
  const operator = api.client({ operator: true });
  await operator.platform.tenants.suspend.mutate({ slug: suspended.tenant.slug });
  try {
    await tryAll(`the token of suspended ${suspended.tenant.slug}`, suspended.token);
    const login = await callProcedure(api.url, "auth.login", "mutation", {
      tenant: suspended.tenant.slug,
      email: suspended.tenant.email,
      password: suspended.tenant.password,
    });
    attack.expectRefusal(login, `signing in to suspended ${suspended.tenant.slug}`);
  } finally {
    await operator.platform.tenants.resume.mutate({ slug: suspended.tenant.slug });
  }
  return attack.tally;
}
