import { decodeJwt, errors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";

/** What a token says: its session, its user, its tenant, and when it stops being valid (Unix seconds). */
export type SessionClaims = { sid: string; sub: string; ten: string; exp: number };

const claimsSchema = z.object({ sid: z.uuid(), sub: z.uuid(), ten: z.string().min(1).max(64), exp: z.number().int() });

const algorithm = "HS256";

/**
 * Three base64url parts without padding, each the only encoding of its bytes. The signature is
 * checked on the bytes it decodes to, so `sig=`, `sig!` or a different last character with the
 * same bits would otherwise pass as the same token under another spelling.
 */
const compactShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** A JWT (HS256, compact form) carrying the claims, signed with `secret`. */
export function signSessionToken(claims: SessionClaims, secret: string): Promise<string> {
  return new SignJWT({ sid: claims.sid, ten: claims.ten })
    .setProtectedHeader({ alg: algorithm, typ: "JWT" })
    .setSubject(claims.sub)
    .setExpirationTime(claims.exp)
    .sign(keyOf(secret));
}

// Tokens whose signature checked out, per secret: a client sends the same token with every
// request, and the HMAC, decoding and parsing cost more than the rest of the check. Bounded; the
// oldest entry goes first. Expiry is still checked on every use.
const verified = new Map<string, Map<string, SessionClaims>>();
const maxVerifiedTokens = 10_000;

/**
 * The claims of a token this server signed and that has not expired; null for anything else
 * (malformed, not in canonical encoding, forged, expired). Whether its session was revoked is
 * checked in the database.
 */
export async function verifySessionToken(token: string, secret: string, now: number = Date.now()): Promise<SessionClaims | null> {
  const known = verified.get(secret) ?? new Map<string, SessionClaims>();
  const claims = known.get(token) ?? (await checkSignature(token, secret, now));
  if (!claims || claims.exp * 1000 <= now) return null;
  if (known.size === 0) verified.set(secret, known);
  if (!known.has(token)) {
    if (known.size >= maxVerifiedTokens) known.delete(known.keys().next().value as string);
    known.set(token, claims);
  }
  return claims;
}

async function checkSignature(token: string, secret: string, now: number): Promise<SessionClaims | null> {
  if (token.length > 1024 || !compactShape.test(token)) return null;
  const signature = token.slice(token.lastIndexOf(".") + 1);
  if (Buffer.from(signature, "base64url").toString("base64url") !== signature) return null;
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: [algorithm], currentDate: new Date(now) });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? claims.data : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

/** The claims a token carries, without checking anything: for tests and attack tools that forge variants, never for access. */
export function unverifiedClaimsOf(token: string): SessionClaims {
  return claimsSchema.parse(decodeJwt(token));
}
