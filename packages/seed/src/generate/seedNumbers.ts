import { createHash } from "node:crypto";

/** Four 32-bit words from a seed string: what `faker.seed` takes, so "acme" and "acme2" diverge at once. */
export function seedWords(seed: string): number[] {
  const digest = createHash("sha256").update(seed).digest();
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset));
}

/** The base day of a seed's demo data: a day in 2024–2025, so fiscal years and history are fixed per seed. */
export function baseDayOf(seed: string): Date {
  const [word] = seedWords(`${seed}:base-day`);
  return new Date(Date.UTC(2024, 0, 1) + ((word ?? 0) % 731) * 86_400_000);
}
