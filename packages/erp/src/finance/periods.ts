import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type FiscalPeriodsRow, fiscalPeriodsColumns, fiscalPeriodsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

/** The periods of one fiscal year (or of all), in calendar order. Few rows per year, so no paging. */
export async function listPeriods(tx: TenantQueries, input: { fiscal_year_id?: string | undefined }): Promise<FiscalPeriodsRow[]> {
  const where: FragmentSqlToken = input.fiscal_year_id ? sql.fragment`fiscal_year_id = ${input.fiscal_year_id}` : sql.fragment`TRUE`;
  const rows = await tx.any(sql.type(fiscalPeriodsRow)`
    SELECT ${fiscalPeriodsColumns} FROM fiscal_periods WHERE ${where} ORDER BY start_date, is_adjustment, period_number`);
  return [...rows];
}

/**
 * Closes an open period: no entry can be posted into it any more (the books' trigger refuses it).
 * The update waits for postings in flight into the period (they hold it FOR SHARE), so nothing
 * lands in a period after it is closed. Records who closed it and when.
 */
export async function closePeriod(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<FiscalPeriodsRow> {
  const before = await lockedPeriod(tx, input.id);
  if (before.status !== "open") {
    throw new InvalidInputError(`Period ${before.name} is ${before.status}: only an open period can be closed.`);
  }
  const after = await tx.one(sql.type(fiscalPeriodsRow)`
    UPDATE fiscal_periods SET status = 'closed', closed_by = ${actor.userId}::uuid, closed_at = now(), updated_at = now()
    WHERE id = ${input.id} RETURNING ${fiscalPeriodsColumns}`);
  await recordAudit(tx, actor, { action: "close", entity: "fiscal_periods", entityId: after.id, before, after });
  return after;
}

/**
 * Reopens a closed period (a correction is due), so postings may land in it again. A locked
 * period stays locked, and a period of a year that is no longer open stays as it is: reopening
 * it would still not let anything be posted.
 */
export async function reopenPeriod(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<FiscalPeriodsRow> {
  const before = await lockedPeriod(tx, input.id);
  if (before.status !== "closed") {
    throw new InvalidInputError(`Period ${before.name} is ${before.status}: only a closed period can be reopened.`);
  }
  const year = await tx.one(sql.type(z.object({ name: z.string(), status: z.string() }))`
    SELECT name, status FROM fiscal_years WHERE id = ${before.fiscal_year_id}`);
  if (year.status !== "open") {
    throw new InvalidInputError(
      `Period ${before.name} belongs to fiscal year ${year.name}, which is ${year.status}: reopen the year first.`,
    );
  }
  const after = await tx.one(sql.type(fiscalPeriodsRow)`
    UPDATE fiscal_periods SET status = 'open', closed_by = NULL, closed_at = NULL, updated_at = now()
    WHERE id = ${input.id} RETURNING ${fiscalPeriodsColumns}`);
  await recordAudit(tx, actor, { action: "reopen", entity: "fiscal_periods", entityId: after.id, before, after });
  return after;
}

async function lockedPeriod(tx: TenantQueries, id: string): Promise<FiscalPeriodsRow> {
  const period = await tx.maybeOne(sql.type(fiscalPeriodsRow)`
    SELECT ${fiscalPeriodsColumns} FROM fiscal_periods WHERE id = ${id} FOR UPDATE`);
  if (!period) throw new NotFoundError(`No fiscal period has the id ${id}.`);
  return period;
}
