import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import { agingBuckets, agingOf } from "../../books/aging.ts";

export const agingRow = z.object({ customer_id: z.uuid(), customer_name: z.string(), ...agingBuckets });
export const receivablesAging = z.object({ as_of: z.iso.date(), customers: z.array(agingRow), totals: z.object(agingBuckets) });
export type ReceivablesAging = z.infer<typeof receivablesAging>;

/**
 * What each customer owes on issued invoices, by how far past due it is on `as_of` (today when
 * left out): current (not yet due), 1–30, 31–60, 61–90 and over 90 days. An invoice's open amount
 * is grand total − paid − credited as it stands now; invoices dated after `as_of` are left out.
 */
export async function receivablesAgingOf(tx: TenantQueries, input: { as_of?: string | undefined }): Promise<ReceivablesAging> {
  const aging = await agingOf(tx, {
    asOf: input.as_of,
    row: agingRow,
    party: { id: "customer_id", name: "customer_name", table: "customers" },
    open: (asOf) => sql.fragment`
      SELECT customer_id AS party_id, grand_total - amount_paid - amount_credited AS amount, due_date
      FROM tax_invoices WHERE status NOT IN ('draft', 'void') AND invoice_date <= ${asOf}::date`,
  });
  return { as_of: aging.asOf, customers: aging.rows, totals: aging.totals };
}
