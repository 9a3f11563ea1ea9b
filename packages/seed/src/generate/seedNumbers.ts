import { createHash } from "node:crypto";

/** Four 32-bit words from a seed string: what `faker.seed` takes, so "acme" and "acme2" diverge at once. */
export function seedWords(seed: string): number[] {
  const digest = createHash("sha256").update(seed).digest();
  return [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset));
}

/**
 * The base day of demo data: the day it is written (UTC), so a new tenant's history ends today,
 * inside the fiscal periods its books were set up with, and it can post at once. The same seed on
 * the same day gives the same rows.
 */
export function baseDayOf(instant: Date = new Date()): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}
