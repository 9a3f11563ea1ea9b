import { InvalidInputError } from "@erp/db";

/** The longest range a rollup read or refresh takes, in days (both ends counted): a bounded answer. */
export const maxRangeDays = 366;

export type DateRange = { from: string; to: string };

/**
 * Refuses a range that ends before it starts or spans more than `maxRangeDays` (BAD_REQUEST
 * naming `to`); dates are ISO days (the routers validate their shape).
 */
export function checkDateRange(range: DateRange, fields: { from: string; to: string } = { from: "from", to: "to" }): void {
  if (range.to < range.from) {
    throw new InvalidInputError(`${fields.to}: must not be before ${fields.from} (${range.from}), got ${range.to}.`);
  }
  const days = (Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > maxRangeDays) {
    throw new InvalidInputError(`${fields.to}: a range may span at most ${maxRangeDays} days, this one spans ${days}.`);
  }
}
