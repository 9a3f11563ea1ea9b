import type { Module } from "@erp/tenancy";
import { base, en, Faker } from "@faker-js/faker";
import type { Reference } from "../reference/loadReference.ts";
import type { Volumes } from "../tiers/tierSpec.ts";
import type { Calendar } from "./calendar.ts";
import type { Dataset } from "./dataset.ts";
import type { KeyTag } from "./keyTag.ts";
import { seedWords } from "./seedNumbers.ts";

/** What a reference-data generator needs: random values, ids, the calendar, the reference rows already in the tenant. */
export type ReferenceContext = {
  faker: Faker;
  id: () => string;
  calendar: Calendar;
  reference: Reference;
  data: Dataset;
};

/** One unit of volume data: the tier's volumes once, with its own business keys. */
export type UnitContext = ReferenceContext & {
  volumes: Volumes;
  modules: ReadonlySet<Module>;
  tag: KeyTag;
  /** Stock movements of every module (sales, receipts), gathered before inventory sets opening stock and levels. */
  stockEvents: StockEvent[];
};

export type StockEvent = {
  id: string;
  productId: string;
  variantId: string;
  movementType: "opening" | "receipt" | "sale";
  quantity: number;
  unitCostCents: number;
  movedAt: Date;
  referenceType: string | null;
  referenceId: string | null;
};

/**
 * A Faker of its own for one seed (never the shared global instance: concurrent provisionings
 * must not interleave their random streams). `base` carries locale-independent data (country codes).
 */
export function seededFaker(seed: string): Faker {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seedWords(seed));
  return faker;
}

/**
 * Version-4 UUIDs from the seeded stream, so the same seed gives the same ids. Built from four
 * 32-bit draws: about 6× faster than `faker.string.uuid()`, which draws per hex digit and shows
 * up at seedAtScale volumes.
 */
export function idFactory(faker: Faker): () => string {
  const word = () => faker.number.int({ max: 0xffff_ffff });
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0");
  return () => {
    const a = word();
    const b = word();
    const c = word();
    const d = word();
    const version = (b & 0xffff & 0x0fff) | 0x4000;
    const variant = ((c >>> 16) & 0x3fff) | 0x8000;
    return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
  };
}
