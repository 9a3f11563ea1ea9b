import { checkInvariants } from "@erp/erp";
import { sql } from "slonik";
import { expect } from "vitest";
import { z } from "zod";
import type { TestApi } from "./startTestApi.ts";

const schemaOf = (slug: string) => `tenant_${slug}`;

/**
 * The inventory account's balance (the ledger) and the stock's worth, Σ round(on hand × average
 * cost, 4) over stock rows: the valuation keeps them equal to the last digit.
 */
export async function inventoryBooks(api: TestApi, slug: string): Promise<{ ledger: string; worth: string }> {
  const t = (table: string) => sql.identifier([schemaOf(slug), table]);
  return api.db.pool.one(sql.type(z.object({ ledger: z.string(), worth: z.string() }))`
    SELECT
      (SELECT coalesce(sum(gl.debit - gl.credit), 0) FROM ${t("general_ledger")} gl
        JOIN ${t("chart_of_accounts")} a ON a.id = gl.account_id WHERE a.account_subtype = 'inventory')::numeric(18,4)::text AS ledger,
      (SELECT coalesce(sum(round(quantity_on_hand * average_cost, 4)), 0) FROM ${t("inventory")})::numeric(18,4)::text AS worth`);
}

/** The posted lines of the entries a document caused, as [account code, debit, credit], in line order. */
export async function postingsOf(api: TestApi, slug: string, sourceType: string, sourceId: string): Promise<string[][]> {
  const t = (table: string) => sql.identifier([schemaOf(slug), table]);
  const rows = await api.db.pool.any(sql.type(z.object({ code: z.string(), debit: z.string(), credit: z.string() }))`
    SELECT a.code, l.debit::text AS debit, l.credit::text AS credit
    FROM ${t("journal_entries")} e
    JOIN ${t("journals")} j ON j.id = e.journal_id AND j.code = 'INV'
    JOIN ${t("journal_lines")} l ON l.journal_entry_id = e.id
    JOIN ${t("chart_of_accounts")} a ON a.id = l.account_id
    WHERE e.source_type = ${sourceType} AND e.source_id = ${sourceId} AND e.status = 'posted'
    ORDER BY e.entry_number, l.line_number`);
  return rows.map((row) => [row.code, row.debit, row.credit]);
}

/** The audit rows of one document, oldest first, as [action, data]. */
export async function auditOf(api: TestApi, slug: string, entity: string, entityId: string): Promise<[string, unknown][]> {
  const rows = await api.db.pool.any(sql.type(z.object({ action: z.string(), data: z.unknown() }))`
    SELECT action, data FROM ${sql.identifier([schemaOf(slug), "audit_log"])}
    WHERE entity = ${entity} AND entity_id = ${entityId} ORDER BY occurred_at, id`);
  return rows.map((row) => [row.action, row.data]);
}

/**
 * Every business rule of the system (@erp/erp's invariants) holds on the tenant: the books, the
 * stock, the documents and their postings agree.
 */
export async function expectStockRulesHold(api: TestApi, slug: string): Promise<void> {
  const results = await checkInvariants(api.db.pool, schemaOf(slug));
  expect(results.filter((result) => !result.ok)).toEqual([]);
}
