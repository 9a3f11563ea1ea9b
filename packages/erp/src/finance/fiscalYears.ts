import { ConflictError, InvalidInputError, type TenantQueries } from "@erp/db";
import { fiscalPeriodsColumns, fiscalPeriodsRow, fiscalYearsColumns, fiscalYearsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export const fiscalYearWithPeriods = fiscalYearsRow.extend({ periods: z.array(fiscalPeriodsRow) });
export type FiscalYearWithPeriods = z.infer<typeof fiscalYearWithPeriods>;

/**
 * Opens calendar year `year` as fiscal year `FY<year>` with its twelve monthly periods, all open
 * (the shape set_up_books gives the years around provisioning). A year that overlaps an existing
 * one is refused in one sentence; the table's exclusion constraint refuses it too, should two
 * requests race past this check.
 */
export async function openFiscalYear(tx: TenantQueries, input: { year: number }, actor: Actor): Promise<FiscalYearWithPeriods> {
  const { year } = input;
  if (!Number.isInteger(year) || year < 1900 || year > 9999) {
    throw new InvalidInputError("year: must be a whole number from 1900 to 9999.");
  }
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const overlapping = await tx.maybeOne(sql.type(z.object({ name: z.string(), start_date: z.string(), end_date: z.string() }))`
    SELECT name, start_date, end_date FROM fiscal_years
    WHERE daterange(start_date, end_date, '[]') && daterange(${start}::date, ${end}::date, '[]')
    ORDER BY start_date LIMIT 1`);
  if (overlapping) {
    throw new ConflictError(
      `Fiscal year ${overlapping.name} (${overlapping.start_date} to ${overlapping.end_date}) already covers part of ${year}: a year cannot overlap another.`,
    );
  }
  const created = await tx.one(sql.type(fiscalYearsRow)`
    INSERT INTO fiscal_years (name, start_date, end_date) VALUES (${`FY${year}`}, ${start}::date, ${end}::date)
    RETURNING ${fiscalYearsColumns}`);
  const periods = await tx.any(sql.type(fiscalPeriodsRow)`
    INSERT INTO fiscal_periods (fiscal_year_id, period_number, name, start_date, end_date)
    SELECT ${created.id}, month, to_char(make_date(${year}, month, 1), 'FMMonth YYYY'), make_date(${year}, month, 1),
      (make_date(${year}, month, 1) + interval '1 month' - interval '1 day')::date
    FROM generate_series(1, 12) AS month
    RETURNING ${fiscalPeriodsColumns}`);
  await recordAudit(tx, actor, { action: "open", entity: "fiscal_years", entityId: created.id, after: created });
  return { ...created, periods: [...periods].sort((a, b) => a.period_number - b.period_number) };
}
