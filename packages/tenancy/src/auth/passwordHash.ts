import { argon2, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// argon2id at OWASP's recommended minimum: m=19 MiB (19456 KiB), t=2 passes, p=1; 16-byte salt, 32-byte tag.
const cost = { memory: 19_456, passes: 2, parallelism: 1 };
const saltLength = 16;
const tagLength = 32;

// Parameters read from a stored hash are bounded, so a tampered row cannot make a login burn
// unbounded CPU or memory. Stored hashes outside these bounds do not verify.
const limits = {
  /** argon2 memory in KiB (1 GiB), passes and lanes. */
  memory: 1024 * 1024,
  passes: 10,
  parallelism: 16,
  /** scrypt: N (a power of two), r, p, memory (128·N·r bytes) and work (N·r·p, that of N=2^20, r=8, p=1). */
  scryptN: 2 ** 20,
  scryptR: 32,
  scryptP: 16,
  scryptMemory: 1024 * 1024 * 1024,
  scryptWork: 2 ** 23,
  /** Salt and key lengths in bytes. */
  salt: { min: 8, max: 64 },
  key: { min: 16, max: 64 },
  /** Characters of a stored hash. */
  stored: 512,
};

type Argon2Cost = { memory: number; passes: number; parallelism: number };
type ScryptCost = { N: number; r: number; p: number };

/** One key derivation: what a hash or a check costs. */
export type KeyDerivationRequest =
  | { kind: "argon2id"; password: string; salt: Buffer; cost: Argon2Cost; keyLength: number }
  | { kind: "scrypt"; password: string; salt: Buffer; cost: ScryptCost; keyLength: number };

/**
 * Where key derivations run. The default is Node's thread pool; the API passes threads of lower
 * priority, so a storm of sign-ins cannot take the CPU from other tenants' requests.
 */
export type KeyDerivation = (request: KeyDerivationRequest) => Promise<Buffer>;

export const threadPoolDerivation: KeyDerivation = (request) =>
  new Promise((resolve, reject) => {
    const password = request.password.normalize("NFKC");
    if (request.kind === "argon2id") {
      argon2("argon2id", { message: password, nonce: request.salt, tagLength: request.keyLength, ...request.cost }, (error, key) =>
        error ? reject(error) : resolve(key),
      );
      return;
    }
    scrypt(password, request.salt, request.keyLength, { ...request.cost, maxmem: scryptMaxmem(request.cost) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

/** What OpenSSL allocates for scrypt: 128·r·p bytes of blocks and 128·r·(N + 2) of table (bounded by parseScrypt). */
export function scryptMaxmem({ N, r, p }: ScryptCost): number {
  return 128 * r * (N + p + 2);
}

/**
 * PHC string `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<tag>` (standard base64 without padding, as the
 * reference implementation writes it): the parameters travel with the hash, so they can be raised later.
 */
export async function hashPassword(password: string, derive: KeyDerivation = threadPoolDerivation): Promise<string> {
  const salt = randomBytes(saltLength);
  const tag = await derive({ kind: "argon2id", password, salt, cost, keyLength: tagLength });
  return `$argon2id$v=19$m=${cost.memory},t=${cost.passes},p=${cost.parallelism}$${unpadded(salt)}$${unpadded(tag)}`;
}

/**
 * Constant-time check of a password against a stored hash: argon2id PHC strings, and the
 * `scrypt$N$r$p$salt$key` (base64url) hashes written before. False for malformed hashes and for
 * parameters out of bounds.
 */
export async function verifyPassword(password: string, stored: string, derive: KeyDerivation = threadPoolDerivation): Promise<boolean> {
  if (typeof stored !== "string" || stored.length > limits.stored) return false;
  const argon2Hash = parseArgon2id(stored);
  if (argon2Hash) {
    const { salt, cost: hashCost, key } = argon2Hash;
    const actual = await derive({ kind: "argon2id", password, salt, cost: hashCost, keyLength: key.length });
    return timingSafeEqual(actual, argon2Hash.key);
  }
  const scryptHash = parseScrypt(stored);
  if (scryptHash) {
    const { salt, cost: hashCost, key } = scryptHash;
    const actual = await derive({ kind: "scrypt", password, salt, cost: hashCost, keyLength: key.length });
    return timingSafeEqual(actual, scryptHash.key);
  }
  return false;
}

/**
 * Whether a stored hash should be replaced at the next successful sign-in: anything but argon2id
 * at today's cost (scrypt hashes written before, or argon2id parameters raised since). Replacing
 * them keeps every account's check as slow as the decoy's, so timing says nothing about which
 * accounts are old.
 */
export function needsRehash(stored: string): boolean {
  const argon2Hash = typeof stored === "string" && stored.length <= limits.stored ? parseArgon2id(stored) : null;
  return (
    !argon2Hash ||
    argon2Hash.cost.memory !== cost.memory ||
    argon2Hash.cost.passes !== cost.passes ||
    argon2Hash.cost.parallelism !== cost.parallelism ||
    argon2Hash.key.length !== tagLength
  );
}

/** A hash of a random password: compared against when a login names no known user, so timing tells nothing. */
export const decoyHash: Promise<string> = hashPassword(randomBytes(16).toString("hex"));

const decimal = "(0|[1-9][0-9]{0,9})";
const argon2idFormat = new RegExp(`^\\$argon2id\\$v=19\\$m=${decimal},t=${decimal},p=${decimal}\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)$`);
const scryptFormat = new RegExp(`^scrypt\\$${decimal}\\$${decimal}\\$${decimal}\\$([A-Za-z0-9_-]+)\\$([A-Za-z0-9_-]+)$`);

function parseArgon2id(stored: string): { cost: Argon2Cost; salt: Buffer; key: Buffer } | undefined {
  const match = argon2idFormat.exec(stored);
  if (!match) return undefined;
  const [memory, passes, parallelism] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (passes < 1 || passes > limits.passes) return undefined;
  if (parallelism < 1 || parallelism > limits.parallelism) return undefined;
  if (memory < 8 * parallelism || memory > limits.memory) return undefined;
  const salt = decode(match[4] as string, "base64");
  const key = decode(match[5] as string, "base64");
  if (!salt || !key || !withinLengths(salt, key)) return undefined;
  return { cost: { memory, passes, parallelism }, salt, key };
}

function parseScrypt(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const match = scryptFormat.exec(stored);
  if (!match) return undefined;
  const [N, r, p] = [match[1], match[2], match[3]].map(Number) as [number, number, number];
  if (N < 2 || N > limits.scryptN || (N & (N - 1)) !== 0) return undefined;
  if (r < 1 || r > limits.scryptR || p < 1 || p > limits.scryptP) return undefined;
  if (128 * N * r > limits.scryptMemory || N * r * p > limits.scryptWork) return undefined;
  const salt = decode(match[4] as string, "base64url");
  const key = decode(match[5] as string, "base64url");
  if (!salt || !key || !withinLengths(salt, key)) return undefined;
  return { cost: { N, r, p }, salt, key };
}

/** Canonical (unpadded) base64 or base64url only: Buffer.from would quietly skip what it cannot read. */
function decode(text: string, encoding: "base64" | "base64url"): Buffer | undefined {
  const bytes = Buffer.from(text, encoding);
  const canonical = encoding === "base64" ? unpadded(bytes) : bytes.toString("base64url");
  return canonical === text ? bytes : undefined;
}

function withinLengths(salt: Buffer, key: Buffer): boolean {
  return salt.length >= limits.salt.min && salt.length <= limits.salt.max && key.length >= limits.key.min && key.length <= limits.key.max;
}

function unpadded(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}
