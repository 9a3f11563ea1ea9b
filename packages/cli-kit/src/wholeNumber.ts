import { InvalidArgumentError } from "commander";
import { z } from "zod";

/** A whole-number option from `min` to `max`, as a zod schema whose messages name the flag. */
export function wholeNumberSchema(flag: string, min: number, max: number) {
  return z.coerce
    .number({ error: `${flag} must be a whole number` })
    .int({ error: `${flag} must be a whole number` })
    .min(min, { error: `${flag} must be at least ${min}` })
    .max(max, { error: `${flag} must be at most ${max}` });
}

/** The same rule as a Commander argument parser (`.option("--runs <n>", "…", wholeNumber("--runs", 1, 100), 10)`). */
export function wholeNumber(flag: string, min: number, max: number): (value: string) => number {
  const schema = wholeNumberSchema(flag, min, max);
  return (value) => {
    const parsed = schema.safeParse(value.trim() === "" ? Number.NaN : value);
    if (!parsed.success) throw new InvalidArgumentError(`${parsed.error.issues[0]?.message ?? `${flag} is invalid`}.`);
    return parsed.data;
  };
}
