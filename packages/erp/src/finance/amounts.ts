import { InvalidInputError } from "@erp/db";

const decimalText = /^\d{1,14}(\.\d{1,4})?$/;

/**
 * A money amount (decimal text, ≥ 0, at most 4 decimals like numeric(18,4)) in ten-thousandths,
 * as a bigint: sums and comparisons stay exact, never passing through a float.
 */
export function toUnits(amount: string | undefined | null, field: string): bigint {
  if (amount === undefined || amount === null || amount === "") return 0n;
  const text = amount.trim();
  if (!decimalText.test(text)) {
    throw new InvalidInputError(`${field}: must be a decimal ≥ 0 with at most 14 digits before and 4 after the point.`);
  }
  const [whole = "0", fraction = ""] = text.split(".");
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, "0"));
}

/** Ten-thousandths back to decimal text with four places ("12.5000"), as the database prints numeric(18,4). */
export function fromUnits(units: bigint): string {
  const sign = units < 0n ? "-" : "";
  const magnitude = units < 0n ? -units : units;
  return `${sign}${magnitude / 10_000n}.${(magnitude % 10_000n).toString().padStart(4, "0")}`;
}

/** Signed decimal text as the database prints it ("-12.5000") in ten-thousandths. */
export function signedUnits(amount: string): bigint {
  const negative = amount.startsWith("-");
  const units = toUnits(negative ? amount.slice(1) : amount, "amount");
  return negative ? -units : units;
}
