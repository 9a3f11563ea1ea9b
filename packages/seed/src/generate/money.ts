/**
 * Money and rates as integers, so totals are exact: amounts in cents, rates (numeric(7,4)
 * percentages) in millionths (8.2500 % = 82500). Strings are what numeric columns take.
 */

/** "12.34" from 1234 cents. */
export function decimal(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** A percentage rate (numeric(7,4), as text or the JSON number PostgreSQL returns) in millionths. */
export function rateMillionths(rate: string | number): number {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(String(rate));
  if (!match) throw new RangeError(`Not a percentage with ≤ 4 decimals: ${rate}`);
  return Number(match[1]) * 10_000 + Number((match[2] ?? "").padEnd(4, "0"));
}

/** An amount (numeric, as text or JSON number) in cents; it must have no more than 2 significant decimals. */
export function toCents(amount: string | number): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2})0*)?$/.exec(String(amount));
  if (!match) throw new RangeError(`Not an amount in cents: ${amount}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

/** The rate's share of an amount, rounded half up to the cent (tax on a net line). */
export function percentOf(cents: number, millionths: number): number {
  const product = BigInt(cents) * BigInt(millionths);
  return Number((product + 500_000n) / 1_000_000n);
}

/** cents × a ratio in whole percent, rounded down (a cost as a share of a price). */
export function share(cents: number, percent: number): number {
  return Number((BigInt(cents) * BigInt(percent)) / 100n);
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** "8.2500" from 82500 millionths: the numeric(7,4) text of a rate. */
export function percentText(millionths: number): string {
  return `${Math.trunc(millionths / 10_000)}.${String(millionths % 10_000).padStart(4, "0")}`;
}
