import type { DriverTypeParser } from "slonik";

/**
 * How column values arrive in JavaScript. Everything stays JSON-safe, so rows go to API clients
 * as they are: money keeps its exact digits as a string, instants are ISO-8601 strings.
 */
export const typeParsers: readonly DriverTypeParser[] = [
  { name: "int8", parse: (value) => Number.parseInt(value, 10) },
  { name: "numeric", parse: (value) => value },
  { name: "timestamptz", parse: (value) => new Date(value).toISOString() },
  { name: "timestamp", parse: (value) => new Date(`${value}Z`).toISOString() },
  { name: "date", parse: (value) => value },
  { name: "interval", parse: (value) => value },
];
