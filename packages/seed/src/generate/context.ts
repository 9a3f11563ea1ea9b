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

/** Milliseconds of id time per slot: a slot holds one unit's ids (≈ 6k at enterprise volumes). */
const slotMs = 100_000;

/**
 * UUIDv7-shaped ids from the seeded stream, like the tables' own `uuidv7()` default: time-ordered,
 * so keyset pagination by id follows creation order, as it does for rows the API creates. The time is the base day
 * plus one millisecond per id, in a slot per unit (0 for reference data, n + 1 for unit n), so the
 * same seed gives the same ids and later units sort after earlier ones.
 */
export function idFactory(faker: Faker, calendar: Calendar, slot: number): () => string {
  let ms = calendar.base.getTime() + slot * slotMs;
  const end = ms + slotMs;
  const word = () => faker.number.int({ max: 0xffff_ffff });
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0");
  return () => {
    ms += 1;
    if (ms >= end) throw new Error(`More than ${slotMs} ids in one unit: raise slotMs.`);
    const time = hex(ms, 12);
    const a = word();
    const b = word();
    const c = word();
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(a & 0xfff, 3)}-${hex(((a >>> 12) & 0x3fff) | 0x8000, 4)}-${hex(b & 0xffff, 4)}${hex(c, 8)}`;
  };
}
