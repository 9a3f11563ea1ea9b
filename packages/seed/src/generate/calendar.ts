const dayMs = 86_400_000;

/**
 * Every date in the demo data is an offset from one base day derived from the seed, never from
 * the clock: the same seed gives the same rows whenever it runs. Dates are UTC days.
 */
export class Calendar {
  readonly base: Date;

  constructor(baseDay: Date) {
    this.base = new Date(Date.UTC(baseDay.getUTCFullYear(), baseDay.getUTCMonth(), baseDay.getUTCDate()));
  }

  /** The instant `days` before the base day, `minutes` after that day's midnight. */
  before(days: number, minutes = 0): Date {
    return new Date(this.base.getTime() - days * dayMs + minutes * 60_000);
  }

  static after(instant: Date, minutes: number): Date {
    return new Date(instant.getTime() + minutes * 60_000);
  }

  static addDays(day: string, days: number): string {
    return Calendar.day(new Date(Date.parse(`${day}T00:00:00Z`) + days * dayMs));
  }

  /** timestamptz text. */
  static at(instant: Date): string {
    return instant.toISOString();
  }

  /** date text (the UTC day). */
  static day(instant: Date): string {
    return instant.toISOString().slice(0, 10);
  }
}
