import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import { fromUnits, toUnits } from "../sales/billing/money.ts";

const buckets = {
  current: z.string(),
  days_1_30: z.string(),
  days_31_60: z.string(),
  days_61_90: z.string(),
  days_over_90: z.string(),
  total: z.string(),
};

export const payablesAgingRow = z.object({ vendor_id: z.uuid(), vendor_name: z.string(), ...buckets });
export const payablesAging = z.object({ as_of: z.iso.date(), vendors: z.array(payablesAgingRow), totals: z.object(buckets) });
export type PayablesAging = z.infer<typeof payablesAging>;

/**
 * What the tenant owes each vendor on approved bills, by how far past due it is on `as_of` (today
 * when left out): current, 1–30, 31–60, 61–90, over 90 days. A bill's open amount is grand total
 * − paid − credited as it stands now; bills dated after `as_of` are left out. The totals equal the
 * payables account (the sub-ledger invariant) when `as_of` is today.
 */
export async function payablesAgingOf(tx: TenantQueries, input: { as_of?: string | undefined }): Promise<PayablesAging> {
  const asOf = await tx.oneFirst(sql.type(z.object({ day: z.string() }))`
    SELECT coalesce(${input.as_of ?? null}::date, current_date)::text AS day`);
  const rows = await tx.any(sql.type(payablesAgingRow)`
    WITH open AS (
      SELECT b.vendor_id, b.grand_total - b.amount_paid - b.amount_credited AS amount, ${asOf}::date - b.due_date AS late
      FROM vendor_invoices b
      WHERE b.status NOT IN ('draft', 'cancelled') AND b.invoice_date <= ${asOf}::date
        AND b.grand_total - b.amount_paid - b.amount_credited > 0
    )
    SELECT v.id AS vendor_id, v.name AS vendor_name,
      coalesce(sum(amount) FILTER (WHERE late <= 0), 0.0000)::text AS current,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 1 AND 30), 0.0000)::text AS days_1_30,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 31 AND 60), 0.0000)::text AS days_31_60,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 61 AND 90), 0.0000)::text AS days_61_90,
      coalesce(sum(amount) FILTER (WHERE late > 90), 0.0000)::text AS days_over_90,
      sum(amount)::text AS total
    FROM open JOIN vendors v ON v.id = open.vendor_id
    GROUP BY v.id, v.name ORDER BY v.name, v.id`);
  const column = (key: keyof typeof buckets) => rows.reduce((total, row) => total + toUnits(row[key]), 0n);
  const totals = Object.fromEntries(
    (Object.keys(buckets) as (keyof typeof buckets)[]).map((key) => [key, fromUnits(column(key))]),
  ) as Record<keyof typeof buckets, string>;
  return { as_of: asOf, vendors: [...rows], totals };
}
