import type { TenantQueries } from "@erp/db";
import { procurementSettingsColumns, procurementSettingsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

/** The tenant's purchasing rules; the column defaults while no row was written. */
export const procurementSettings = z.object({
  approval_threshold: z.string(),
  quantity_tolerance_percent: z.string(),
  price_tolerance_percent: z.string(),
  currency: z.string(),
});
export type ProcurementSettings = z.infer<typeof procurementSettings>;

const defaults: ProcurementSettings = {
  approval_threshold: "1000.0000",
  quantity_tolerance_percent: "0.0000",
  price_tolerance_percent: "0.0000",
  currency: "USD",
};

export async function loadProcurementSettings(tx: TenantQueries): Promise<ProcurementSettings> {
  const row = await tx.maybeOne(sql.type(procurementSettingsRow)`SELECT ${procurementSettingsColumns} FROM procurement_settings`);
  if (!row) return defaults;
  return {
    approval_threshold: row.approval_threshold,
    quantity_tolerance_percent: row.quantity_tolerance_percent,
    price_tolerance_percent: row.price_tolerance_percent,
    currency: row.currency,
  };
}

export type UpdateProcurementSettingsInput = Partial<Omit<ProcurementSettings, "currency">>;

/** Writes the settings row (created on first use); what is left out keeps its value. */
export async function updateProcurementSettings(
  tx: TenantQueries,
  input: UpdateProcurementSettingsInput,
  actor: Actor,
): Promise<ProcurementSettings> {
  const before = await loadProcurementSettings(tx);
  const after = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) };
  await tx.query(sql.unsafe`
    INSERT INTO procurement_settings (singleton, approval_threshold, quantity_tolerance_percent, price_tolerance_percent)
    VALUES (true, ${after.approval_threshold}::numeric, ${after.quantity_tolerance_percent}::numeric, ${after.price_tolerance_percent}::numeric)
    ON CONFLICT (singleton) DO UPDATE SET approval_threshold = excluded.approval_threshold,
      quantity_tolerance_percent = excluded.quantity_tolerance_percent, price_tolerance_percent = excluded.price_tolerance_percent,
      updated_at = now()`);
  const saved = await loadProcurementSettings(tx);
  await recordAudit(tx, actor, { action: "update", entity: "procurement_settings", entityId: null, before, after: saved });
  return saved;
}
