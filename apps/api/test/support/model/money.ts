/**
 * The model's arithmetic: amounts and quantities as whole ten-thousandths in a bigint (the
 * database's numeric(18,4)), so the model computes exactly what PostgreSQL does, rounding included.
 */
export const SCALE = 10_000n;

export function units(text: string | number): bigint {
  const value = String(text).trim();
  const negative = value.startsWith("-");
  const [whole = "0", fraction = ""] = value.replace(/^[-+]/, "").split(".");
  const result = BigInt(whole || "0") * SCALE + BigInt(`${fraction}0000`.slice(0, 4));
  return negative ? -result : result;
}

/** "12.5000": the form numeric(18,4) comes back in. */
export function text(value: bigint): string {
  const negative = value < 0n;
  const absolute = negative ? -value : value;
  return `${negative ? "-" : ""}${absolute / SCALE}.${(absolute % SCALE).toString().padStart(4, "0")}`;
}

/** numerator / denominator rounded half away from zero, as PostgreSQL's round() does. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n + d / 2n) / d;
  // An odd denominator has no exact half: (n + floor(d/2)) / d rounds correctly either way.
  return negative ? -quotient : quotient;
}

/** a × b for two 4-decimal values, rounded back to 4 decimals. */
export function times(a: bigint, b: bigint): bigint {
  return divideRounded(a * b, SCALE);
}

export const sum = (values: readonly bigint[]): bigint => values.reduce((total, value) => total + value, 0n);
export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
