/**
 * Exact arithmetic on money text (numeric(18,4) as strings): amounts are held as whole
 * ten-thousandths in a bigint, so sums and comparisons never pass through a float.
 */
const scale = 10_000n;

export function toUnits(amount: string): bigint {
  const negative = amount.trim().startsWith("-");
  const [whole = "0", fraction = ""] = amount.trim().replace(/^[-+]/, "").split(".");
  const units = BigInt(whole || "0") * scale + BigInt(`${fraction}0000`.slice(0, 4));
  return negative ? -units : units;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const absolute = negative ? -units : units;
  const text = `${absolute / scale}.${(absolute % scale).toString().padStart(4, "0")}`;
  return negative ? `-${text}` : text;
}

/** The sum of money texts, as money text with 4 decimals. */
export function sum(amounts: readonly string[]): string {
  return fromUnits(amounts.reduce((total, amount) => total + toUnits(amount), 0n));
}

export function subtract(a: string, b: string): string {
  return fromUnits(toUnits(a) - toUnits(b));
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: string, b: string): number {
  const difference = toUnits(a) - toUnits(b);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Money text in the database's form (4 decimals): "12.5" → "12.5000". */
export function normalize(amount: string): string {
  return fromUnits(toUnits(amount));
}
