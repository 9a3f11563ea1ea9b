import { argon2Sync, randomBytes, scrypt, scryptSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "../src/index.ts";

const password = "correct horse battery staple";
const phc = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** A correct argon2id PHC string for any parameters (argon2Sync: test only). */
function argon2idHash(secret: string, { m, t, p }: { m: number; t: number; p: number }, salt = randomBytes(16)): string {
  const tag = argon2Sync("argon2id", { message: secret, nonce: salt, memory: m, passes: t, parallelism: p, tagLength: 32 });
  const b64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "");
  return `$argon2id$v=19$m=${m},t=${t},p=${p}$${b64(salt)}$${b64(tag)}`;
}

/** A correct hash in the format written before argon2id: `scrypt$N$r$p$salt$key`, base64url. */
function scryptHash(secret: string, { N, r, p }: { N: number; r: number; p: number }, salt = randomBytes(16)): string {
  const key = scryptSync(secret, salt, 32, { N, r, p, maxmem: 128 * r * (N + p + 2) });
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

describe("hashPassword", () => {
  test("writes an argon2id PHC string: m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte tag", async () => {
    const stored = await hashPassword(password);
    const [, salt, tag] = phc.exec(stored) ?? [];
    expect(stored).toMatch(phc);
    expect(Buffer.from(salt as string, "base64")).toHaveLength(16);
    expect(Buffer.from(tag as string, "base64")).toHaveLength(32);
    // The tag is plain argon2id over the parameters the string names: other tools can verify it.
    const expected = argon2Sync("argon2id", {
      message: password,
      nonce: Buffer.from(salt as string, "base64"),
      memory: 19456,
      passes: 2,
      parallelism: 1,
      tagLength: 32,
    });
    expect(Buffer.from(tag as string, "base64").equals(expected)).toBe(true);
  });

  test("salts every hash", async () => {
    const [first, second] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(first).not.toBe(second);
  });

  test("the decoy hash is an argon2id hash too", async () => {
    expect(await decoyHash).toMatch(phc);
    expect(await verifyPassword(password, await decoyHash)).toBe(false);
  });
});

describe("verifyPassword", () => {
  test("accepts the password and rejects another", async () => {
    const stored = await hashPassword(password);
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  test("normalises passwords with NFKC", async () => {
    const stored = await hashPassword("Ångström ﬁx");
    expect(await verifyPassword("A\u030Angstro\u0308m fix", stored)).toBe(true);
  });

  test("verifies the reference implementation's argon2id vectors (phc-winner-argon2 src/test.c)", async () => {
    const vectors = [
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
    ];
    for (const vector of vectors) {
      expect(await verifyPassword("password", vector)).toBe(true);
      expect(await verifyPassword("passwore", vector)).toBe(false);
    }
    // The same bytes, written padded or with stray bits in the last character, are not canonical PHC.
    expect(await verifyPassword("password", `${vectors[1]}=`)).toBe(false);
    expect(await verifyPassword("password", `${vectors[1]?.slice(0, -1)}5`)).toBe(false);
  });

  test("still verifies scrypt hashes written before argon2id", async () => {
    const salt = randomBytes(16);
    const key = await new Promise<Buffer>((resolve, reject) =>
      scrypt(password, salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (error, derived) =>
        error ? reject(error) : resolve(derived),
      ),
    );
    const legacy = `scrypt$32768$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`;
    expect(await verifyPassword(password, legacy)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", legacy)).toBe(false);
  });

  test("verifies hashes at the parameter bounds", async () => {
    expect(await verifyPassword(password, argon2idHash(password, { m: 128, t: 10, p: 16 }))).toBe(true);
    expect(await verifyPassword(password, argon2idHash(password, { m: 8, t: 1, p: 1 }))).toBe(true);
    expect(await verifyPassword(password, scryptHash(password, { N: 16, r: 32, p: 16 }))).toBe(true);
    expect(await verifyPassword(password, scryptHash(password, { N: 2, r: 1, p: 1 }))).toBe(true);
  });

  test("refuses correct hashes whose parameters are out of bounds", async () => {
    for (const stored of [
      argon2idHash(password, { m: 19456, t: 11, p: 1 }),
      argon2idHash(password, { m: 1024, t: 1, p: 17 }),
      scryptHash(password, { N: 16, r: 33, p: 1 }),
      scryptHash(password, { N: 16, r: 1, p: 17 }),
    ]) {
      expect(await verifyPassword(password, stored), stored).toBe(false);
    }
  });

  test("refuses costly parameters without computing them", async () => {
    const argon2Tail = (await hashPassword(password)).split("$").slice(4).join("$");
    const scryptTail = scryptHash(password, { N: 2, r: 1, p: 1 }).split("$").slice(4).join("$");
    const started = performance.now();
    for (const stored of [
      `$argon2id$v=19$m=1048577,t=10,p=1$${argon2Tail}`,
      `$argon2id$v=19$m=4294967295,t=2,p=1$${argon2Tail}`,
      `$argon2id$v=19$m=19456,t=4294967295,p=1$${argon2Tail}`,
      `$argon2id$v=19$m=19456,t=2,p=16777215$${argon2Tail}`,
      `scrypt$2097152$8$1$${scryptTail}`,
      `scrypt$1073741824$8$1$${scryptTail}`,
      // 128·N·r above 1 GiB; N·r·p above that of N=2^20, r=8, p=1.
      `scrypt$1048576$9$1$${scryptTail}`,
      `scrypt$1048576$8$2$${scryptTail}`,
    ]) {
      expect(await verifyPassword(password, stored), stored).toBe(false);
    }
    // Computing any of them would take seconds (or fail to allocate).
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test("returns false for malformed hashes, never throws", async () => {
    const stored = await hashPassword(password);
    const [, , , , salt, tag] = stored.split("$") as string[];
    const legacy = scryptHash(password, { N: 16, r: 8, p: 1 });
    const [, , , , legacySalt, legacyKey] = legacy.split("$") as string[];
    // A salt whose base64 has `+` and `/` (base64url: `-` and `_`), so the two alphabets differ.
    const twoAlphabets = Buffer.from("fbff".repeat(8), "hex");
    const plain = argon2idHash(password, { m: 19456, t: 2, p: 1 }, twoAlphabets);
    const url = scryptHash(password, { N: 16, r: 8, p: 1 }, twoAlphabets);
    expect([await verifyPassword(password, plain), await verifyPassword(password, url)]).toEqual([true, true]);
    const [, , , , plainSalt, plainTag] = plain.split("$") as string[];
    const [, , , , urlSalt, urlKey] = url.split("$") as string[];
    const malformed = [
      "",
      "$",
      "argon2id",
      "scrypt",
      "$argon2id$",
      "$argon2id$v=19$m=19456,t=2,p=1$$",
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}$${tag}$`,
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}$${tag}$extra`,
      `${stored}\n`,
      ` ${stored}`,
      stored.toUpperCase(),
      // Other variants and versions, and parameters out of order, missing, repeated, signed or zero-padded.
      stored.replace("$argon2id$", "$argon2i$"),
      stored.replace("$argon2id$", "$argon2d$"),
      stored.replace("$v=19$", "$v=16$"),
      stored.replace("$v=19$", "$"),
      stored.replace("m=19456,t=2,p=1", "t=2,m=19456,p=1"),
      stored.replace("m=19456,t=2,p=1", "m=19456,t=2"),
      stored.replace("m=19456,t=2,p=1", "m=19456,t=2,p=1,p=1"),
      stored.replace("m=19456,t=2,p=1", "m=19456,t=2,p=1,keyid=abc"),
      stored.replace("m=19456,t=2,p=1", "m=+19456,t=2,p=1"),
      stored.replace("m=19456,t=2,p=1", "m=019456,t=2,p=1"),
      stored.replace("m=19456,t=2,p=1", "m=19456.0,t=2,p=1"),
      stored.replace("m=19456,t=2,p=1", "m=0x4c00,t=2,p=1"),
      // Zero and too small: no passes, no lanes, under 8 KiB per lane.
      stored.replace("m=19456,t=2,p=1", "m=19456,t=0,p=1"),
      stored.replace("m=19456,t=2,p=1", "m=19456,t=2,p=0"),
      stored.replace("m=19456,t=2,p=1", "m=0,t=2,p=1"),
      stored.replace("m=19456,t=2,p=1", "m=127,t=2,p=16"),
      // Base64 that is padded, base64url, not canonical, or too short for a salt or a tag.
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}==$${tag}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}$${tag}=`,
      `$argon2id$v=19$m=19456,t=2,p=1$${Buffer.from(plainSalt as string, "base64").toString("base64url")}$${plainTag}`,
      `$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHR$${tag}`,
      `$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$${tag}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}$AAAAAAAAAAAAAAAAAAAA`,
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}$${"A".repeat(88)}`,
      `$argon2id$v=19$m=19456,t=2,p=1$${salt}$${"A".repeat(600)}`,
      // Legacy hashes with N not a power of two, or below 2, zero r or p, missing fields or bad base64url.
      `scrypt$15$8$1$${legacySalt}$${legacyKey}`,
      `scrypt$1$8$1$${legacySalt}$${legacyKey}`,
      `scrypt$16$0$1$${legacySalt}$${legacyKey}`,
      `scrypt$16$8$0$${legacySalt}$${legacyKey}`,
      `scrypt$-16$8$1$${legacySalt}$${legacyKey}`,
      `scrypt$16$8$1$${legacySalt}`,
      `scrypt$16$8$1$${legacySalt}$${legacyKey}$`,
      `scrypt$16$8$1$$${legacyKey}`,
      `scrypt$16$8$1$${Buffer.from(urlSalt as string, "base64url").toString("base64")}$${urlKey}`,
      `scrypt$16$8$1$${legacySalt}$${legacyKey}=`,
      `scrypt$16$8$1$${legacySalt}$${legacyKey?.slice(0, 10)}`,
      `$scrypt$16$8$1$${legacySalt}$${legacyKey}`,
    ];
    for (const candidate of malformed) {
      await expect(verifyPassword(password, candidate), candidate).resolves.toBe(false);
    }
    for (const candidate of [null, undefined, 42, {}] as unknown as string[]) {
      await expect(verifyPassword(password, candidate)).resolves.toBe(false);
    }
    // The legacy hash the malformed ones were cut from does verify.
    expect(await verifyPassword(password, legacy)).toBe(true);
  });
});

describe("needsRehash", () => {
  test("is false for a hash written today, true for scrypt, other argon2id costs and garbage", async () => {
    expect(needsRehash(await hashPassword(password))).toBe(false);
    expect(needsRehash(scryptHash(password, { N: 2 ** 15, r: 8, p: 1 }))).toBe(true);
    expect(needsRehash(argon2idHash(password, { m: 8192, t: 2, p: 1 }))).toBe(true);
    expect(needsRehash("not a hash")).toBe(true);
  });
});
