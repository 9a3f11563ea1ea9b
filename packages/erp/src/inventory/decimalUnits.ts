/**
 * Exact arithmetic on numeric(18,4) text: amounts as whole ten-thousandths (bigint), so sums and
 * differences of money never pass through a float.
 */
const scale = 4;

export function toUnits(amount: string): bigint {
  const negative = amount.trim().startsWith("-");
  const [whole = "0", fraction = ""] = amount.trim().replace(/^[-+]/, "").split(".");
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    throw new RangeError(`${amount} has more than ${scale} decimals.`);
  }
  const units = BigInt(whole || "0") * 10n ** BigInt(scale) + BigInt(fraction.slice(0, scale).padEnd(scale, "0") || "0");
  return negative ? -units : units;
}

export function formatUnits(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export function sumUnits(amounts: readonly string[]): string {
  return formatUnits(amounts.reduce((total, amount) => total + toUnits(amount), 0n));
}
