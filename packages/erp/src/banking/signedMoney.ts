/**
 * Signed money text (numeric(18,4)) as whole ten-thousandths in a bigint, so statement sums and
 * comparisons stay exact. Bank statements carry signs (+ deposit, - withdrawal).
 */
const signedDecimal = /^[-+]?\d{1,14}(\.\d{1,4})?$/;

/** The amount in ten-thousandths, or null when the text is not a signed decimal with ≤ 14 + 4 digits. */
export function parseSigned(text: string): bigint | null {
  const trimmed = text.trim();
  if (!signedDecimal.test(trimmed)) return null;
  const negative = trimmed.startsWith("-");
  const [whole = "0", fraction = ""] = trimmed.replace(/^[-+]/, "").split(".");
  const units = BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, "0"));
  return negative ? -units : units;
}

/** Ten-thousandths back to the database's text ("-12.5000"). */
export function formatSigned(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  return `${negative ? "-" : ""}${magnitude / 10_000n}.${(magnitude % 10_000n).toString().padStart(4, "0")}`;
}

/** Money text as the database prints it, in ten-thousandths (the text is trusted to be numeric). */
export function units(text: string): bigint {
  const parsed = parseSigned(text);
  if (parsed === null) throw new Error(`Not a money amount: ${text}`);
  return parsed;
}
