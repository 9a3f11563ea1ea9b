import { z } from "zod";

/** A signed amount (numeric(18,4)): bank balances and statement amounts may be negative. */
export const signedMoney = z
  .union([z.string({ error: "must be a decimal string or a number" }), z.number({ error: "must be a decimal string or a number" })])
  .transform((value) => (typeof value === "number" ? String(value) : value.trim()))
  .pipe(z.string().regex(/^[-+]?\d{1,14}(\.\d{1,4})?$/, { error: "must be a decimal with at most 14 digits before and 4 after the point" }))
  .describe("signed decimal, ≤ 4 decimals");

/** A statement cell as given: text (or a number), checked row by row by the import, which names the row. */
export const cell = z
  .union([z.string({ error: "must be a string or a number" }), z.number({ error: "must be a string or a number" })])
  .transform((value) => String(value))
  .pipe(z.string().max(500, { error: "must be at most 500 characters" }));
