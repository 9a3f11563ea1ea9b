import type { TenantQueries } from "@erp/db";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import { fromUnits, toUnits } from "../sales/billing/money.ts";

/** How far past due open amounts are: current (not yet due), 1–30, 31–60, 61–90, over 90 days, and their total. */
export const agingBuckets = {
  current: z.string(),
  days_1_30: z.string(),
  days_31_60: z.string(),
  days_61_90: z.string(),
  days_over_90: z.string(),
  total: z.string(),
};
type Bucket = keyof typeof agingBuckets;

/**
 * An aging report (receivables, payables): `open` is a query over the documents open on `as_of`
 * with columns `party_id`, `amount` (what is open) and `due_date`, and `parties` the table that
 * names them. Rows per party by name, and the column totals; `as_of` is today when left out.
 */
export async function agingOf<Row extends z.ZodRawShape>(
  tx: TenantQueries,
  options: {
    asOf: string | undefined;
    row: z.ZodObject<Row>;
    party: { id: string; name: string; table: string };
    open: (asOf: string) => FragmentSqlToken;
  },
): Promise<{ asOf: string; rows: z.infer<z.ZodObject<Row>>[]; totals: Record<Bucket, string> }> {
  const asOf = await tx.oneFirst(sql.type(z.object({ day: z.string() }))`
    SELECT coalesce(${options.asOf ?? null}::date, current_date)::text AS day`);
  const rows = await tx.any(sql.type(options.row)`
    WITH open AS (
      SELECT o.party_id, o.amount, ${asOf}::date - o.due_date AS late FROM (${options.open(asOf)}) o WHERE o.amount > 0
    )
    SELECT p.id AS ${sql.identifier([options.party.id])}, p.name AS ${sql.identifier([options.party.name])},
      coalesce(sum(amount) FILTER (WHERE late <= 0), 0.0000)::text AS current,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 1 AND 30), 0.0000)::text AS days_1_30,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 31 AND 60), 0.0000)::text AS days_31_60,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 61 AND 90), 0.0000)::text AS days_61_90,
      coalesce(sum(amount) FILTER (WHERE late > 90), 0.0000)::text AS days_over_90,
      sum(amount)::text AS total
    FROM open JOIN ${sql.identifier([options.party.table])} p ON p.id = open.party_id
    GROUP BY p.id, p.name ORDER BY p.name, p.id`);
  const column = (key: Bucket) => rows.reduce((total, row) => total + toUnits((row as Record<Bucket, string>)[key]), 0n);
  const totals = Object.fromEntries((Object.keys(agingBuckets) as Bucket[]).map((key) => [key, fromUnits(column(key))])) as Record<
    Bucket,
    string
  >;
  return { asOf, rows: [...rows], totals };
}
