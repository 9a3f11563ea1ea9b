import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { commissionPayoutsColumns, commissionPayoutsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { auditWithNumber } from "../audit/recordAudit.ts";
import { provisionalNumber } from "../books/numberDocument.ts";
import { postEntry } from "../books/postEntry.ts";
import { compare, normalize } from "../sales/billing/money.ts";

export type CommissionPayout = z.infer<typeof commissionPayoutsRow>;

/** The partner a payout or balance belongs to: exactly one of the three ids. */
export type PartnerRef = {
  dealer_id?: string | undefined;
  franchisee_id?: string | undefined;
  community_partner_id?: string | undefined;
};

export type CreateCommissionPayoutInput = PartnerRef & {
  amount: string;
  /** YYYY-MM-DD; today when left out. */
  paid_on?: string | undefined;
  /** The bank account paid from (its ledger account is credited); the `bank` posting purpose when left out. */
  bank_account_id?: string | undefined;
  reference?: string | null | undefined;
};

type Partner = { type: CommissionPayout["beneficiary_type"]; id: string; table: string };

function partnerOf(input: PartnerRef): Partner {
  const given = [
    { type: "dealer" as const, id: input.dealer_id, table: "dealers" },
    { type: "franchisee" as const, id: input.franchisee_id, table: "franchisees" },
    { type: "community_partner" as const, id: input.community_partner_id, table: "community_partners" },
  ].filter((partner): partner is Partner => partner.id !== undefined);
  if (given.length !== 1 || !given[0]) {
    throw new InvalidInputError("dealer_id: name exactly one partner (dealer_id, franchisee_id or community_partner_id).");
  }
  return given[0];
}

function partnerMatch(partner: Partner, alias?: string): FragmentSqlToken {
  const column = (name: string) => (alias ? sql.identifier([alias, name]) : sql.identifier([name]));
  return sql.fragment`${column("dealer_id")} IS NOT DISTINCT FROM ${partner.type === "dealer" ? partner.id : null}::uuid
    AND ${column("franchisee_id")} IS NOT DISTINCT FROM ${partner.type === "franchisee" ? partner.id : null}::uuid
    AND ${column("community_partner_id")} IS NOT DISTINCT FROM ${partner.type === "community_partner" ? partner.id : null}::uuid`;
}

/**
 * Pays a partner out of what approved commission runs made payable to them: Dr commissions payable
 * / Cr bank (the bank account's ledger account, or the `bank` purpose), bank journal, numbered in
 * the commission payout series. The partner's balance row is locked first, so of two concurrent
 * payouts of the same open amount the second re-reads it after the first commits and answers
 * CONFLICT; the database trigger on commission_payouts refuses a payout beyond what is payable
 * whoever writes it. A payout is final: a correction is a clawback in a later run.
 */
export async function createCommissionPayout(
  tx: TenantQueries,
  input: CreateCommissionPayoutInput,
  actor: Actor,
): Promise<CommissionPayout> {
  const partner = partnerOf(input);
  if (!/^\d+(\.\d{1,4})?$/.test(input.amount) || compare(input.amount, "0") <= 0) {
    throw new InvalidInputError("amount: must be a positive amount with at most 4 decimals.");
  }
  const head = await tx.maybeOne(sql.type(z.object({ name: z.string(), paidOn: z.string() }))`
    SELECT name, coalesce(${input.paid_on ?? null}::date, current_date)::text AS "paidOn"
    FROM ${sql.identifier([partner.table])} WHERE id = ${partner.id}`);
  if (!head) throw new NotFoundError(`No ${partner.type.replace("_", " ")} has the id ${partner.id}.`);
  let bankAccount: { id: string } | null = null;
  if (input.bank_account_id) {
    const account = await tx.maybeOne(sql.type(z.object({ ledgerAccountId: z.uuid(), active: z.boolean(), name: z.string() }))`
      SELECT account_id AS "ledgerAccountId", is_active AS active, name FROM bank_accounts WHERE id = ${input.bank_account_id}`);
    if (!account) throw new NotFoundError(`bank_account_id: no bank account has the id ${input.bank_account_id}.`);
    if (!account.active) throw new InvalidInputError(`bank_account_id: bank account ${account.name} is not active.`);
    bankAccount = { id: account.ledgerAccountId };
  }
  const balance = await tx.maybeOne(sql.type(z.object({ open: z.string(), currency: z.string() }))`
    SELECT (approved - paid)::text AS open, currency FROM commission_balances WHERE ${partnerMatch(partner)} FOR UPDATE`);
  const open = balance?.open ?? "0";
  if (compare(input.amount, open) > 0) {
    throw new ConflictError(`${head.name} has ${normalize(open)} commission payable: a payout of ${normalize(input.amount)} exceeds it.`);
  }
  const periods = await tx.one(sql.type(z.object({ first: z.string(), last: z.string() }))`
    SELECT min(period)::text AS first, (max(period) + interval '1 month' - interval '1 day')::date::text AS last
    FROM commission_runs WHERE status = 'approved' AND ${partnerMatch(partner)}`);
  // The trigger on commission_payouts adds the amount to the partner's paid total (within what is approved).
  const payout = await tx.one(sql.type(commissionPayoutsRow)`
    INSERT INTO commission_payouts (payout_number, beneficiary_type, dealer_id, franchisee_id, community_partner_id, period_start,
      period_end, amount, currency, status, bank_account_id, payment_reference, paid_at)
    VALUES (${provisionalNumber}, ${partner.type}, ${partner.type === "dealer" ? partner.id : null}::uuid,
      ${partner.type === "franchisee" ? partner.id : null}::uuid, ${partner.type === "community_partner" ? partner.id : null}::uuid,
      ${periods.first}::date, ${periods.last}::date, ${input.amount}::numeric, ${balance?.currency ?? "USD"}, 'paid',
      ${input.bank_account_id ?? null}::uuid, ${input.reference ?? null}, ${head.paidOn}::date + localtime)
    RETURNING ${commissionPayoutsColumns}`);

  // Last: the payout's gapless number, taken in its posting's statement with the audit row that names it.
  const entry = await postEntry(
    tx,
    {
      date: head.paidOn,
      journal: "BANK",
      description: `Commission payout {number} to ${head.name}`,
      reference: input.reference ?? "{number}",
      source: { type: "commission_payout", id: payout.id },
      lines: [
        { account: "commission_payable", debit: input.amount },
        { account: bankAccount ?? "bank", credit: input.amount },
      ],
    },
    actor,
    {
      document: {
        series: "commission_payout",
        table: "commission_payouts",
        column: "payout_number",
        entryColumn: "journal_entry_id",
        id: payout.id,
        alongside: [
          auditWithNumber(actor, [
            { action: "create", entity: "commission_payouts", entityId: payout.id, after: payout, numberField: "payout_number" },
          ]),
        ],
      },
    },
  );
  return { ...payout, payout_number: entry.documentNumber ?? payout.payout_number, journal_entry_id: entry.id };
}

export async function loadCommissionPayout(tx: TenantQueries, id: string): Promise<CommissionPayout> {
  const payout = await tx.maybeOne(sql.type(commissionPayoutsRow)`
    SELECT ${commissionPayoutsColumns} FROM commission_payouts WHERE id = ${id}`);
  if (!payout) throw new NotFoundError(`No commission payout has the id ${id}.`);
  return payout;
}

/** Payouts oldest first, optionally of one partner, one page past the cursor. */
export async function listCommissionPayouts(
  tx: TenantQueries,
  input: PartnerRef & { cursor?: string | undefined; limit: number },
): Promise<{ items: CommissionPayout[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (input.cursor) conditions.push(sql.fragment`id > ${input.cursor}`);
  if (input.dealer_id) conditions.push(sql.fragment`dealer_id = ${input.dealer_id}`);
  if (input.franchisee_id) conditions.push(sql.fragment`franchisee_id = ${input.franchisee_id}`);
  if (input.community_partner_id) conditions.push(sql.fragment`community_partner_id = ${input.community_partner_id}`);
  const rows = await tx.any(sql.type(commissionPayoutsRow)`
    SELECT ${commissionPayoutsColumns} FROM commission_payouts WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY id LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export const commissionBalance = z.object({
  beneficiary_type: z.enum(["dealer", "franchisee", "community_partner"]),
  partner_id: z.uuid(),
  approved: z.string(),
  paid: z.string(),
  open: z.string(),
  currency: z.string(),
});
export type CommissionBalance = z.infer<typeof commissionBalance>;

/** What a partner has been approved and paid in commissions, and what is open (zeros before any approval). */
export async function loadCommissionBalance(tx: TenantQueries, input: PartnerRef): Promise<CommissionBalance> {
  const partner = partnerOf(input);
  const balance = await tx.maybeOne(sql.type(commissionBalance)`
    SELECT ${partner.type} AS beneficiary_type, p.id AS partner_id, coalesce(b.approved, 0)::text AS approved,
      coalesce(b.paid, 0)::text AS paid, (coalesce(b.approved, 0) - coalesce(b.paid, 0))::text AS open, coalesce(b.currency, 'USD') AS currency
    FROM ${sql.identifier([partner.table])} p LEFT JOIN commission_balances b ON ${partnerMatch(partner, "b")}
    WHERE p.id = ${partner.id}`);
  if (!balance) throw new NotFoundError(`No ${partner.type.replace("_", " ")} has the id ${partner.id}.`);
  return balance;
}
