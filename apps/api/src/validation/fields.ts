import { z } from "zod";

// Shared input rules. They mirror the CHECK constraints of db/template, so a client hears about a
// bad value from zod with its field path instead of from the database.

const noNul = (value: string) => !value.includes("\u0000");
const nulMessage = { error: "must not contain NUL characters" };

export const id = z.uuid({ error: "must be a UUID" });

/** Free text up to `max` characters (PostgreSQL text cannot hold NUL). */
export const text = (max = 2000) =>
  z
    .string({ error: "must be a string" })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(noNul, nulMessage);

/** A main name: 1–200 characters. */
export const name = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(200, { error: "must be at most 200 characters" })
  .refine(noNul, nulMessage);

export const code = z.string({ error: "must be a string" }).regex(/^[A-Za-z0-9_.-]{1,40}$/, {
  error: "must be 1–40 letters, digits, '_', '.' or '-'",
});

export const slug = z
  .string({ error: "must be a string" })
  .max(200, { error: "must be at most 200 characters" })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "must be lower-case words of letters and digits joined by '-'" });

export const sku = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, { error: "must not be empty" })
  .max(64, { error: "must be at most 64 characters" })
  .refine(noNul, nulMessage);

export const currency = z.string({ error: "must be a string" }).regex(/^[A-Z]{3}$/, { error: "must be a three-letter ISO currency code" });
export const country = z.string({ error: "must be a string" }).regex(/^[A-Z]{2}$/, { error: "must be a two-letter ISO country code" });

export const email = z
  .email({ error: "must be an email address" })
  .max(320, { error: "must be at most 320 characters" })
  .transform((value) => value.toLowerCase());

export const url = z.url({ error: "must be a URL" }).max(2000, { error: "must be at most 2000 characters" });
export const instant = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time with offset" });
export const position = z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(-1e9).max(1e9);

/** Free-form extras (jsonb). */
export const attributes = z.record(z.string().max(200), z.json(), { error: "must be an object" });

const decimalText = /^\d{1,14}(\.\d{1,4})?$/;

/**
 * An exact decimal ≥ 0 with at most 4 decimals (numeric(18,4)), as a string ("19.99") or a number
 * (19.99); it comes back as a string, so money never passes through a float on the way out.
 */
export const decimal = z
  .union([z.string({ error: "must be a decimal string or a number" }), z.number({ error: "must be a decimal string or a number" })])
  .transform((value) => (typeof value === "number" ? String(value) : value.trim()))
  .pipe(z.string().regex(decimalText, { error: "must be a decimal ≥ 0 with at most 14 digits before and 4 after the point" }))
  .describe("decimal ≥ 0, ≤ 4 decimals");

export const money = decimal;

/** A quantity > 0 (numeric(18,4)). */
export const quantity = decimal
  .refine((value) => Number(value) > 0, { error: "must be greater than 0" })
  .describe("decimal > 0, ≤ 4 decimals");

/** A signed, non-zero quantity change (numeric(18,4)). */
export const quantityChange = z
  .union([z.string({ error: "must be a decimal string or a number" }), z.number({ error: "must be a decimal string or a number" })])
  .transform((value) => (typeof value === "number" ? String(value) : value.trim()))
  .pipe(z.string().regex(/^-?\d{1,14}(\.\d{1,4})?$/, { error: "must be a decimal with at most 14 digits before and 4 after the point" }))
  .refine((value) => Number(value) !== 0, { error: "must not be 0" })
  .describe("signed decimal ≠ 0, ≤ 4 decimals");

/** Keyset pagination: ids are uuidv7 (time-ordered), so `id > cursor ORDER BY id` walks in creation order. */
export const page = {
  cursor: id.optional(),
  limit: z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1)
    .max(100, { error: "must be at most 100" })
    .default(20),
};

/** A page of rows and where the next one starts (null on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: id.nullable() });
}

/** A calendar date (PostgreSQL date), as YYYY-MM-DD. */
export const date = z.iso.date({ error: "must be an ISO-8601 date (YYYY-MM-DD)" });
