import { ConflictError, InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { commissionRunLinesColumns, commissionRunLinesRow, commissionRunsColumns, commissionRunsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { postEntry } from "../books/postEntry.ts";
import { sumUnits, toUnits } from "../inventory/decimalUnits.ts";

export const commissionRunWithLines = commissionRunsRow.extend({ lines: z.array(commissionRunLinesRow) });
export type CommissionRun = z.infer<typeof commissionRunsRow>;
export type CommissionRunWithLines = z.infer<typeof commissionRunWithLines>;
type BeneficiaryType = CommissionRun["beneficiary_type"];

/** One document's commissionable amount in one product category, for the partner its order is attributed to. */
const candidate = z.object({
  kind: z.enum(["earned", "clawback"]),
  orderId: z.uuid(),
  taxInvoiceId: z.uuid(),
  creditNoteId: z.uuid().nullable(),
  categoryId: z.uuid().nullable(),
  base: z.string(),
  channelId: z.uuid(),
  beneficiaryType: z.enum(["dealer", "franchisee", "community_partner"]),
  partnerId: z.uuid(),
  /** For a clawback: the rule and rate the invoice's commission was approved with, if it was. */
  earnedRuleId: z.uuid().nullable(),
  earnedRate: z.string().nullable(),
});
type Candidate = z.infer<typeof candidate>;

const rule = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  partnerId: z.uuid().nullable(),
  categoryId: z.uuid().nullable(),
  minVolume: z.string(),
  rate: z.string(),
});
type Rule = z.infer<typeof rule>;

type DesiredLine = Candidate & { ruleId: string; rate: string };

const periodShape = /^\d{4}-(0[1-9]|1[0-2])-01$/;

/**
 * Computes the commission runs of one month (`period`, the first day): for every partner with
 * commissionable documents, one run per partner and period (a database unique key), draft until
 * approved. The basis is what was invoiced: an invoice dated up to the period's end earns on its
 * product lines' net (line total less tax, by product category); a credit note claws back at the
 * rate its invoice earned with, once that commission is approved (or in the same run); an invoice
 * cancelled after its commission was approved claws all of it back. Documents of earlier months
 * that no run holds yet are caught up. Idempotent: a document and category is commissioned once
 * across all runs (a unique key); recomputing a draft changes only what changed; an approved run
 * is left as it is (later documents go to the next period's run).
 */
export async function runCommissions(tx: TenantQueries, input: { period: string }, actor: Actor): Promise<CommissionRun[]> {
  if (!periodShape.test(input.period)) throw new InvalidInputError("period: must be the first day of a month (YYYY-MM-01).");
  const future = await tx.oneFirst(sql.type(z.object({ future: z.boolean() }))`
    SELECT ${input.period}::date > date_trunc('month', current_date)::date AS future`);
  if (future) throw new InvalidInputError("period: must not lie after the current month.");
  // One computation per tenant at a time: two runs would otherwise race for the same documents.
  await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.commission_runs'))`);

  const candidates = await tx.any(sql.type(candidate)`${candidatesQuery(input.period)}`);
  const rules = await tx.any(sql.type(rule)`
    SELECT id, channel_id AS "channelId", coalesce(dealer_id, franchisee_id, community_partner_id) AS "partnerId",
      category_id AS "categoryId", min_volume::text AS "minVolume", rate::text
    FROM commission_rules WHERE status = 'active'`);

  const byPartner = new Map<string, Candidate[]>();
  for (const row of candidates) byPartner.set(row.partnerId, [...(byPartner.get(row.partnerId) ?? []), row]);
  const drafts = await tx.any(sql.type(z.object({ partnerId: z.uuid() }))`
    SELECT coalesce(dealer_id, franchisee_id, community_partner_id) AS "partnerId"
    FROM commission_runs WHERE period = ${input.period} AND status = 'draft'`);
  for (const draft of drafts) if (!byPartner.has(draft.partnerId)) byPartner.set(draft.partnerId, []);

  for (const [partnerId, rows] of [...byPartner].sort(([a], [b]) => a.localeCompare(b))) {
    const volume = sumUnits(rows.map((row) => row.base));
    const desired = desiredLines(rows, rules, volume);
    const beneficiaryType = rows[0]?.beneficiaryType ?? null;
    await syncRun(tx, input.period, partnerId, beneficiaryType, volume, desired, actor);
  }
  return [
    ...(await tx.any(sql.type(commissionRunsRow)`
      SELECT ${commissionRunsColumns} FROM commission_runs WHERE period = ${input.period} ORDER BY id`)),
  ];
}

/** Earned lines take the most specific rule reached; clawbacks the rate their invoice earned with. */
function desiredLines(rows: readonly Candidate[], rules: readonly Rule[], volume: string): DesiredLine[] {
  const lines: DesiredLine[] = [];
  const earnedHere = new Map<string, { ruleId: string; rate: string }>();
  const key = (row: Candidate) => `${row.taxInvoiceId}/${row.categoryId ?? ""}`;
  for (const row of rows.filter((candidate) => candidate.kind === "earned")) {
    const chosen = rules
      .filter(
        (r) =>
          r.channelId === row.channelId &&
          (r.partnerId === null || r.partnerId === row.partnerId) &&
          (r.categoryId === null || r.categoryId === row.categoryId) &&
          toUnits(r.minVolume) <= toUnits(volume),
      )
      .sort(
        (a, b) =>
          Number(b.partnerId !== null) - Number(a.partnerId !== null) ||
          Number(b.categoryId !== null) - Number(a.categoryId !== null) ||
          Number(toUnits(b.minVolume) - toUnits(a.minVolume)) ||
          a.id.localeCompare(b.id),
      )[0];
    if (!chosen) continue;
    earnedHere.set(key(row), { ruleId: chosen.id, rate: chosen.rate });
    lines.push({ ...row, ruleId: chosen.id, rate: chosen.rate });
  }
  for (const row of rows.filter((candidate) => candidate.kind === "clawback")) {
    const earned = row.earnedRuleId && row.earnedRate ? { ruleId: row.earnedRuleId, rate: row.earnedRate } : earnedHere.get(key(row));
    if (earned) lines.push({ ...row, ...earned });
  }
  return lines;
}

/**
 * The period's documents that no other run holds (runs of other periods, approved runs), with
 * their order's partner: invoices' product lines by category (earned), credit notes' lines
 * (clawback) and invoices cancelled after their commission was approved (clawback of all of it).
 */
function candidatesQuery(period: string): FragmentSqlToken {
  const end = sql.fragment`(${period}::date + interval '1 month' - interval '1 day')::date`;
  return sql.fragment`
    WITH documents AS (
      SELECT 'earned' AS kind, ti.order_id, ti.id AS tax_invoice_id, NULL::uuid AS credit_note_id, p.category_id,
        sum(ii.line_total - ii.tax_amount) AS base
      FROM tax_invoices ti
      JOIN tax_invoice_items ii ON ii.tax_invoice_id = ti.id
      JOIN products p ON p.id = ii.product_id
      WHERE ti.status NOT IN ('draft', 'void') AND ti.invoice_date <= ${end}
      GROUP BY ti.id, p.category_id
      UNION ALL
      SELECT 'clawback', ti.order_id, ti.id, cn.id, p.category_id, -sum(ci.line_total - ci.tax_amount)
      FROM credit_notes cn
      JOIN tax_invoices ti ON ti.id = cn.tax_invoice_id
      JOIN credit_note_items ci ON ci.credit_note_id = cn.id
      JOIN products p ON p.id = ci.product_id
      WHERE cn.status NOT IN ('draft', 'void') AND cn.issued_date <= ${end}
      GROUP BY cn.id, ti.id, p.category_id
      UNION ALL
      SELECT 'clawback', l.order_id, l.tax_invoice_id, NULL, l.category_id, -l.base_amount
      FROM commission_run_lines l
      JOIN commission_runs r ON r.id = l.commission_run_id AND r.status = 'approved'
      JOIN tax_invoices ti ON ti.id = l.tax_invoice_id AND ti.status = 'void'
      WHERE l.kind = 'earned'
    )
    SELECT d.kind, d.order_id AS "orderId", d.tax_invoice_id AS "taxInvoiceId", d.credit_note_id AS "creditNoteId",
      d.category_id AS "categoryId", d.base::text AS base, a.channel_id AS "channelId", a.beneficiary_type AS "beneficiaryType",
      coalesce(a.dealer_id, a.franchisee_id, a.community_partner_id) AS "partnerId",
      earned.commission_rule_id AS "earnedRuleId", earned.rate::text AS "earnedRate"
    FROM documents d
    JOIN order_attributions a ON a.order_id = d.order_id AND a.beneficiary_type IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT l.commission_rule_id, l.rate FROM commission_run_lines l
      JOIN commission_runs r ON r.id = l.commission_run_id AND r.status = 'approved'
      WHERE d.kind = 'clawback' AND l.kind = 'earned' AND l.tax_invoice_id = d.tax_invoice_id
        AND l.category_id IS NOT DISTINCT FROM d.category_id
    ) earned ON true
    WHERE NOT EXISTS (
      SELECT 1 FROM commission_run_lines l JOIN commission_runs r ON r.id = l.commission_run_id
      WHERE l.kind = d.kind AND l.tax_invoice_id = d.tax_invoice_id AND l.credit_note_id IS NOT DISTINCT FROM d.credit_note_id
        AND l.category_id IS NOT DISTINCT FROM d.category_id AND NOT (r.period = ${period}::date AND r.status = 'draft'))
    ORDER BY d.tax_invoice_id, d.kind DESC, d.credit_note_id NULLS FIRST, d.category_id NULLS FIRST`;
}

const partnerColumn = { dealer: "dealer_id", franchisee: "franchisee_id", community_partner: "community_partner_id" } as const;

const existingLine = z.object({
  id: z.uuid(),
  key: z.string(),
});

/**
 * Brings the partner's run of the period to the desired lines: creates the draft when there is
 * something to commission, deletes lines no longer wanted and inserts missing ones, refreshes the
 * totals only when they moved, and removes a draft left without lines. An approved run is left alone.
 */
async function syncRun(
  tx: TenantQueries,
  period: string,
  partnerId: string,
  beneficiaryType: BeneficiaryType | null,
  volume: string,
  desired: readonly DesiredLine[],
  actor: Actor,
): Promise<void> {
  const partnerMatch = sql.fragment`coalesce(dealer_id, franchisee_id, community_partner_id) = ${partnerId}`;
  let run = await tx.maybeOne(sql.type(commissionRunsRow)`
    SELECT ${commissionRunsColumns} FROM commission_runs WHERE period = ${period} AND ${partnerMatch} FOR UPDATE`);
  if (run?.status === "approved") return;
  if (!run) {
    if (desired.length === 0 || !beneficiaryType) return;
    run = await tx.one(sql.type(commissionRunsRow)`
      INSERT INTO commission_runs (period, beneficiary_type, ${sql.identifier([partnerColumn[beneficiaryType]])})
      VALUES (${period}, ${beneficiaryType}, ${partnerId}) RETURNING ${commissionRunsColumns}`);
    await recordAudit(tx, actor, { action: "create", entity: "commission_runs", entityId: run.id, after: run });
  }
  const lineKey = (line: {
    kind: string;
    taxInvoiceId: string;
    creditNoteId: string | null;
    categoryId: string | null;
    ruleId: string;
    rate: string;
    base: string;
  }) =>
    [
      line.kind,
      line.taxInvoiceId,
      line.creditNoteId ?? "",
      line.categoryId ?? "",
      line.ruleId,
      toUnits(line.rate),
      toUnits(line.base),
    ].join("|");
  const existing = await tx.any(sql.type(existingLine)`
    SELECT id, concat_ws('|', kind, tax_invoice_id, coalesce(credit_note_id::text, ''), coalesce(category_id::text, ''),
      commission_rule_id, (rate * 10000)::bigint, (base_amount * 10000)::bigint) AS key
    FROM commission_run_lines WHERE commission_run_id = ${run.id}`);
  const wanted = new Map(desired.map((line) => [lineKey(line), line]));
  const stale = existing.filter((line) => !wanted.has(line.key)).map((line) => line.id);
  const have = new Set(existing.map((line) => line.key));
  const missing = desired.filter((line) => !have.has(lineKey(line)));
  if (stale.length > 0) {
    await tx.query(sql.unsafe`DELETE FROM commission_run_lines WHERE id = ANY(${sql.array(stale, "uuid")})`);
  }
  if (missing.length > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO commission_run_lines (commission_run_id, kind, order_id, tax_invoice_id, credit_note_id, category_id,
        commission_rule_id, base_amount, rate, amount)
      SELECT ${run.id}, l.kind, l.order_id, l.tax_invoice_id, l.credit_note_id, l.category_id, l.rule_id, l.base, l.rate,
        CASE WHEN l.kind = 'earned' THEN round(l.base * l.rate / 100, 4) ELSE trunc(l.base * l.rate / 100, 4) END
      FROM unnest(${sql.array(
        missing.map((l) => l.kind),
        "text",
      )}::text[], ${sql.array(
        missing.map((l) => l.orderId),
        "uuid",
      )}::uuid[],
        ${sql.array(
          missing.map((l) => l.taxInvoiceId),
          "uuid",
        )}::uuid[], ${sql.array(
          missing.map((l) => l.creditNoteId),
          "uuid",
        )}::uuid[],
        ${sql.array(
          missing.map((l) => l.categoryId),
          "uuid",
        )}::uuid[], ${sql.array(
          missing.map((l) => l.ruleId),
          "uuid",
        )}::uuid[],
        ${sql.array(
          missing.map((l) => l.base),
          "numeric",
        )}::numeric[], ${sql.array(
          missing.map((l) => l.rate),
          "numeric",
        )}::numeric[])
        AS l(kind, order_id, tax_invoice_id, credit_note_id, category_id, rule_id, base, rate)`);
  }
  if (desired.length === 0) {
    await tx.query(sql.unsafe`DELETE FROM commission_runs WHERE id = ${run.id}`);
    await recordAudit(tx, actor, { action: "delete", entity: "commission_runs", entityId: run.id, before: run });
    return;
  }
  const after = await tx.maybeOne(sql.type(commissionRunsRow)`
    WITH totals AS (
      SELECT coalesce(sum(amount) FILTER (WHERE kind = 'earned'), 0) AS total_earned,
        coalesce(-sum(amount) FILTER (WHERE kind = 'clawback'), 0) AS total_clawed_back
      FROM commission_run_lines WHERE commission_run_id = ${run.id}
    )
    UPDATE commission_runs SET volume = ${volume}, earned = total_earned, clawed_back = total_clawed_back,
      net_amount = total_earned - total_clawed_back, updated_at = now()
    FROM totals
    WHERE id = ${run.id} AND (volume, earned, clawed_back) IS DISTINCT FROM (${volume}::numeric, total_earned, total_clawed_back)
    RETURNING ${commissionRunsColumns}`);
  if (after) await recordAudit(tx, actor, { action: "compute", entity: "commission_runs", entityId: run.id, before: run, after });
}

/** The run and its lines (documents in order); NotFoundError when the tenant has no such run. */
export async function loadCommissionRun(tx: TenantQueries, runId: string): Promise<CommissionRunWithLines> {
  const run = await tx.maybeOne(sql.type(commissionRunsRow)`
    SELECT ${commissionRunsColumns} FROM commission_runs WHERE id = ${runId}`);
  if (!run) throw new NotFoundError(`No commission run has the id ${runId}.`);
  const lines = await tx.any(sql.type(commissionRunLinesRow)`
    SELECT ${commissionRunLinesColumns} FROM commission_run_lines WHERE commission_run_id = ${runId}
    ORDER BY tax_invoice_id, kind DESC, credit_note_id NULLS FIRST, category_id NULLS FIRST`);
  return { ...run, lines: [...lines] };
}

const toApprove = z.object({
  status: z.string(),
  net: z.string(),
  partner: z.string(),
  today: z.string(),
});

/**
 * Approves a draft run: posts its net (Dr commission expense / Cr commissions payable; the other
 * way round when clawbacks exceed earnings; nothing when it is zero), dated today, and freezes the
 * run and its lines (a database trigger refuses any later change).
 */
export async function approveCommissionRun(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<CommissionRunWithLines> {
  const run = await tx.maybeOne(sql.type(toApprove)`
    SELECT r.status, r.net_amount::text AS net, current_date::text AS today,
      coalesce(d.name, f.name, c.name) || ' (' || to_char(r.period, 'YYYY-MM') || ')' AS partner
    FROM commission_runs r
    LEFT JOIN dealers d ON d.id = r.dealer_id
    LEFT JOIN franchisees f ON f.id = r.franchisee_id
    LEFT JOIN community_partners c ON c.id = r.community_partner_id
    WHERE r.id = ${input.id} FOR UPDATE OF r`);
  if (!run) throw new NotFoundError(`No commission run has the id ${input.id}.`);
  if (run.status === "approved") throw new ConflictError(`The commission run of ${run.partner} is already approved.`);
  const before = await loadCommissionRun(tx, input.id);
  const net = toUnits(run.net);
  const amount = (net < 0n ? run.net.replace(/^-/, "") : run.net) as string;
  // Posting (the gapless entry number, the ledger rows' locks) comes last, just before the update.
  const entry =
    net === 0n
      ? null
      : await postEntry(
          tx,
          {
            date: run.today,
            journal: "GEN",
            description: `Commissions of ${run.partner}`,
            source: { type: "commission_run", id: input.id },
            lines:
              net > 0n
                ? [
                    { account: "commission_expense", debit: amount },
                    { account: "commission_payable", credit: amount },
                  ]
                : [
                    { account: "commission_payable", debit: amount },
                    { account: "commission_expense", credit: amount },
                  ],
          },
          actor,
        );
  await tx.query(sql.unsafe`
    UPDATE commission_runs SET status = 'approved', approved_at = now(), approved_by = ${actor.userId}::uuid,
      journal_entry_id = ${entry?.id ?? null}::uuid, updated_at = now()
    WHERE id = ${input.id}`);
  const after = await loadCommissionRun(tx, input.id);
  const { lines: _before, ...beforeRow } = before;
  const { lines: _after, ...afterRow } = after;
  await recordAudit(tx, actor, { action: "approve", entity: "commission_runs", entityId: input.id, before: beforeRow, after: afterRow });
  return after;
}

export type CommissionRunFilter = {
  period?: string | undefined;
  status?: CommissionRun["status"] | undefined;
  cursor?: string | undefined;
  limit: number;
};

/** Runs oldest first (uuidv7 ids), without lines, one page past the cursor. */
export async function listCommissionRuns(
  tx: TenantQueries,
  filter: CommissionRunFilter,
): Promise<{ items: CommissionRun[]; nextCursor: string | null }> {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.period) conditions.push(sql.fragment`period = ${filter.period}`);
  if (filter.status) conditions.push(sql.fragment`status = ${filter.status}`);
  const rows = await tx.any(sql.type(commissionRunsRow)`
    SELECT ${commissionRunsColumns} FROM commission_runs WHERE ${sql.join(conditions, sql.fragment` AND `)}
    ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
