// Money as whole cents (bigint) for the workflows' expected amounts: the flows' prices have two
// decimals and no tax, so every amount is whole cents, computed without floats.

/** Cents as the API writes money: four decimals ("43.3200"). */
export function money(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, "0")}00`;
}
