import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import { toCents } from "../generate/money.ts";

/**
 * Where the general ledger stands: the last posting time, and each account's balance (the sum of
 * its postings, which is what its last running balance says when the ledger is consistent). New
 * entries are posted after it and continue the balances. One aggregate pass, no sort: it runs
 * once per batch while the ledger grows.
 */
export async function loadLedgerState(
  connection: CommonQueryMethods,
  schemaName: string,
): Promise<{ lastPostedAt: Date | null; balances: Map<string, number> }> {
  const state = await connection.one(sql.type(
    z.object({ last_posted_at: z.string().nullable(), balances: z.record(z.string(), z.union([z.string(), z.number()])) }),
  )`
    SELECT max(last_posted_at) AS last_posted_at, coalesce(jsonb_object_agg(account_id, balance), '{}'::jsonb) AS balances
    FROM (
      SELECT account_id, sum(debit - credit) AS balance, max(posted_at) AS last_posted_at
      FROM ${sql.identifier([schemaName, "general_ledger"])} GROUP BY account_id
    ) accounts`);
  return {
    lastPostedAt: state.last_posted_at ? new Date(state.last_posted_at) : null,
    balances: new Map(Object.entries(state.balances).map(([account, balance]) => [account, toCents(balance)])),
  };
}
