import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** What a token says: its session, its user, its tenant, and when it stops being valid (Unix seconds). */
export type SessionClaims = { sid: string; sub: string; ten: string; exp: number };

const claimsSchema = z.object({ sid: z.uuid(), sub: z.uuid(), ten: z.string().min(1).max(64), exp: z.number().int() });

function sign(payload: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(payload).digest();
}

/** `<payload>.<signature>`, both base64url: the payload is JSON claims, the signature HMAC-SHA256 over it. */
export function signSessionToken(claims: SessionClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${sign(payload, secret).toString("base64url")}`;
}

// Tokens whose signature checked out, per secret: a client sends the same token with every
// request, and the HMAC, decoding and parsing cost more than the rest of the check. Bounded; the
// oldest entry goes first. Expiry is still checked on every use.
const verified = new Map<string, Map<string, SessionClaims>>();
const maxVerifiedTokens = 10_000;

/**
 * The claims of a token this server signed and that has not expired; null for anything else
 * (malformed, forged, expired). Whether its session was revoked is checked in the database.
 */
export function verifySessionToken(token: string, secret: string, now: number = Date.now()): SessionClaims | null {
  const known = verified.get(secret) ?? new Map<string, SessionClaims>();
  const claims = known.get(token) ?? checkSignature(token, secret);
  if (!claims || claims.exp * 1000 <= now) return null;
  if (known.size === 0) verified.set(secret, known);
  if (!known.has(token)) {
    if (known.size >= maxVerifiedTokens) known.delete(known.keys().next().value as string);
    known.set(token, claims);
  }
  return claims;
}

function checkSignature(token: string, secret: string): SessionClaims | null {
  if (token.length > 1024) return null;
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = sign(payload, secret);
  const actual = Buffer.from(signature, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(decoded);
  return claims.success ? claims.data : null;
}
