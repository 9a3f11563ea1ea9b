import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import { agingBuckets, agingOf } from "../books/aging.ts";

export const payablesAgingRow = z.object({ vendor_id: z.uuid(), vendor_name: z.string(), ...agingBuckets });
export const payablesAging = z.object({ as_of: z.iso.date(), vendors: z.array(payablesAgingRow), totals: z.object(agingBuckets) });
export type PayablesAging = z.infer<typeof payablesAging>;

/**
 * What the tenant owes each vendor on approved bills, by how far past due it is on `as_of` (today
 * when left out): current, 1–30, 31–60, 61–90, over 90 days. A bill's open amount is grand total
 * − paid − credited as it stands now; bills dated after `as_of` are left out. The totals equal the
 * payables account (the sub-ledger invariant) when `as_of` is today.
 */
export async function payablesAgingOf(tx: TenantQueries, input: { as_of?: string | undefined }): Promise<PayablesAging> {
  const aging = await agingOf(tx, {
    asOf: input.as_of,
    row: payablesAgingRow,
    party: { id: "vendor_id", name: "vendor_name", table: "vendors" },
    open: (asOf) => sql.fragment`
      SELECT vendor_id AS party_id, grand_total - amount_paid - amount_credited AS amount, due_date
      FROM vendor_invoices WHERE status NOT IN ('draft', 'cancelled') AND invoice_date <= ${asOf}::date`,
  });
  return { as_of: aging.asOf, vendors: aging.rows, totals: aging.totals };
}
