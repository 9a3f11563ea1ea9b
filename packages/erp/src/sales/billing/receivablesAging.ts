import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import { fromUnits, toUnits } from "./money.ts";

const buckets = {
  current: z.string(),
  days_1_30: z.string(),
  days_31_60: z.string(),
  days_61_90: z.string(),
  days_over_90: z.string(),
  total: z.string(),
};

export const agingRow = z.object({ customer_id: z.uuid(), customer_name: z.string(), ...buckets });
export const receivablesAging = z.object({ as_of: z.iso.date(), customers: z.array(agingRow), totals: z.object(buckets) });
export type ReceivablesAging = z.infer<typeof receivablesAging>;

/**
 * What each customer owes on issued invoices, by how far past due it is on `as_of` (today when
 * left out): current (not yet due), 1–30, 31–60, 61–90 and over 90 days. An invoice's open amount
 * is grand total − paid − credited as it stands now; invoices dated after `as_of` are left out.
 */
export async function receivablesAgingOf(tx: TenantQueries, input: { as_of?: string | undefined }): Promise<ReceivablesAging> {
  const asOf = await tx.oneFirst(sql.type(z.object({ day: z.string() }))`
    SELECT coalesce(${input.as_of ?? null}::date, current_date)::text AS day`);
  const rows = await tx.any(sql.type(agingRow)`
    WITH open AS (
      SELECT ti.customer_id, ti.grand_total - ti.amount_paid - ti.amount_credited AS amount, ${asOf}::date - ti.due_date AS late
      FROM tax_invoices ti
      WHERE ti.status NOT IN ('draft', 'void') AND ti.invoice_date <= ${asOf}::date
        AND ti.grand_total - ti.amount_paid - ti.amount_credited > 0
    )
    SELECT c.id AS customer_id, c.name AS customer_name,
      coalesce(sum(amount) FILTER (WHERE late <= 0), 0.0000)::text AS current,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 1 AND 30), 0.0000)::text AS days_1_30,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 31 AND 60), 0.0000)::text AS days_31_60,
      coalesce(sum(amount) FILTER (WHERE late BETWEEN 61 AND 90), 0.0000)::text AS days_61_90,
      coalesce(sum(amount) FILTER (WHERE late > 90), 0.0000)::text AS days_over_90,
      sum(amount)::text AS total
    FROM open JOIN customers c ON c.id = open.customer_id
    GROUP BY c.id, c.name ORDER BY c.name, c.id`);
  const column = (key: keyof typeof buckets) => rows.reduce((total, row) => total + toUnits(row[key]), 0n);
  const totals = Object.fromEntries(
    (Object.keys(buckets) as (keyof typeof buckets)[]).map((key) => [key, fromUnits(column(key))]),
  ) as Record<keyof typeof buckets, string>;
  return { as_of: asOf, customers: [...rows], totals };
}
