import type { DriverTypeParser } from "slonik";

/**
 * How column values arrive in JavaScript. Everything stays JSON-safe, so rows go to API clients
 * as they are: money keeps its exact digits as a string, instants are ISO-8601 strings.
 */
export const typeParsers: readonly DriverTypeParser[] = [
  { name: "int8", parse: (value) => Number.parseInt(value, 10) },
  { name: "numeric", parse: (value) => value },
  { name: "timestamptz", parse: (value) => utcInstant(value) ?? new Date(value).toISOString() },
  { name: "timestamp", parse: (value) => new Date(`${value}Z`).toISOString() },
  { name: "date", parse: (value) => value },
  { name: "interval", parse: (value) => value },
];

// `2026-01-02 03:04:05.123456+00`, as PostgreSQL prints an instant when the session's TimeZone is
// UTC (the usual server setting): rewritten as ISO-8601 with milliseconds, as Date would print
// it, without building a Date. Rows carry several instants each, so this is on every API read.
const utcText = /^([1-9]\d{3}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;

function utcInstant(value: string): string | undefined {
  const match = utcText.exec(value);
  if (!match) return undefined;
  const fraction = match[3] ?? "";
  return `${match[1]}T${match[2]}.${fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, "0")}Z`;
}
