import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

/**
 * Channels and commissions (docs/modules/channels.md): every commission line is its rule's rate
 * times the net of the document it names, for the partner the order is attributed to; runs add up
 * to their lines; approved runs are posted (and drafts not); clawbacks never exceed what was
 * earned; the commissions-payable account equals the approved runs less the payouts; each
 * partner's balance row adds up their approved runs and payouts; payouts are posted once.
 */
export const channelsInvariants: Invariant[] = [
  {
    module: "channels",
    name: "commission lines are their rule's rate times the documents' net, for the order's partner",
    subjects: "commission lines",
    query: (t) => sql.fragment`
      SELECT l.id::text AS subject,
        l.rate = cr.rate AND (l.kind <> 'earned' OR cr.min_volume <= r.volume) AND cr.channel_id = a.channel_id
          AND coalesce(cr.dealer_id, cr.franchisee_id, cr.community_partner_id, a.dealer_id, a.franchisee_id, a.community_partner_id)
            = coalesce(a.dealer_id, a.franchisee_id, a.community_partner_id)
          AND (cr.category_id IS NULL OR cr.category_id = l.category_id)
          AND a.beneficiary_type = r.beneficiary_type
          AND coalesce(a.dealer_id, a.franchisee_id, a.community_partner_id) = coalesce(r.dealer_id, r.franchisee_id, r.community_partner_id)
          AND ti.order_id = l.order_id
          AND l.base_amount = CASE
            WHEN l.kind = 'earned' THEN (SELECT sum(i.line_total - i.tax_amount) FROM ${t("tax_invoice_items")} i
              JOIN ${t("products")} p ON p.id = i.product_id
              WHERE i.tax_invoice_id = l.tax_invoice_id AND p.category_id IS NOT DISTINCT FROM l.category_id)
            WHEN l.credit_note_id IS NOT NULL THEN (SELECT -sum(i.line_total - i.tax_amount) FROM ${t("credit_note_items")} i
              JOIN ${t("products")} p ON p.id = i.product_id
              JOIN ${t("credit_notes")} cn ON cn.id = i.credit_note_id AND cn.tax_invoice_id = l.tax_invoice_id
              WHERE i.credit_note_id = l.credit_note_id AND p.category_id IS NOT DISTINCT FROM l.category_id)
            ELSE (SELECT -e.base_amount FROM ${t("commission_run_lines")} e WHERE e.kind = 'earned'
              AND e.tax_invoice_id = l.tax_invoice_id AND e.category_id IS NOT DISTINCT FROM l.category_id AND ti.status = 'void')
          END AS ok,
        format('line %s (%s of invoice %s): base %s, rate %s, rule rate %s', l.id, l.kind, ti.invoice_number, l.base_amount,
          l.rate, cr.rate) AS detail
      FROM ${t("commission_run_lines")} l
      JOIN ${t("commission_runs")} r ON r.id = l.commission_run_id
      JOIN ${t("commission_rules")} cr ON cr.id = l.commission_rule_id
      JOIN ${t("tax_invoices")} ti ON ti.id = l.tax_invoice_id
      LEFT JOIN ${t("order_attributions")} a ON a.order_id = l.order_id`,
  },
  {
    module: "channels",
    name: "commission runs add up to their lines",
    subjects: "commission runs",
    query: (t) => sql.fragment`
      SELECT r.id::text AS subject,
        r.earned = coalesce(sum(l.amount) FILTER (WHERE l.kind = 'earned'), 0)
          AND r.clawed_back = coalesce(-sum(l.amount) FILTER (WHERE l.kind = 'clawback'), 0)
          AND r.net_amount = r.earned - r.clawed_back AND count(l.id) > 0 AS ok,
        format('run %s (%s): earned %s, clawed back %s, lines %s / %s over %s lines', r.id, r.period, r.earned, r.clawed_back,
          coalesce(sum(l.amount) FILTER (WHERE l.kind = 'earned'), 0), coalesce(-sum(l.amount) FILTER (WHERE l.kind = 'clawback'), 0),
          count(l.id)) AS detail
      FROM ${t("commission_runs")} r
      LEFT JOIN ${t("commission_run_lines")} l ON l.commission_run_id = r.id
      GROUP BY r.id`,
  },
  {
    module: "channels",
    name: "approved commission runs are posted for their net, drafts are not",
    subjects: "commission runs",
    query: (t) => sql.fragment`
      SELECT r.id::text AS subject,
        CASE WHEN r.status = 'draft' OR r.net_amount = 0
          THEN r.journal_entry_id IS NULL AND entries.count = 0
          ELSE entries.count = 1 AND je.status = 'posted' AND je.source_type = 'commission_run' AND je.source_id = r.id
            AND posted.expense = r.net_amount AND posted.payable = r.net_amount END AS ok,
        format('run %s (%s, net %s): entries %s, expense %s, payable %s', r.id, r.status, r.net_amount, entries.count,
          posted.expense, posted.payable) AS detail
      FROM ${t("commission_runs")} r
      LEFT JOIN ${t("journal_entries")} je ON je.id = r.journal_entry_id
      CROSS JOIN LATERAL (SELECT count(*) AS count FROM ${t("journal_entries")} e
        WHERE e.source_type = 'commission_run' AND e.source_id = r.id) entries
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(jl.debit - jl.credit) FILTER (WHERE pa.purpose = 'commission_expense'), 0) AS expense,
          coalesce(sum(jl.credit - jl.debit) FILTER (WHERE pa.purpose = 'commission_payable'), 0) AS payable
        FROM ${t("journal_lines")} jl JOIN ${t("posting_accounts")} pa ON pa.account_id = jl.account_id
        WHERE jl.journal_entry_id = r.journal_entry_id) posted`,
  },
  {
    module: "channels",
    name: "clawbacks never exceed the commission earned on the invoice",
    subjects: "commissioned invoice categories",
    query: (t) => sql.fragment`
      SELECT l.tax_invoice_id::text || '/' || coalesce(l.category_id::text, '-') AS subject,
        -coalesce(sum(l.amount) FILTER (WHERE l.kind = 'clawback'), 0) <= coalesce(sum(l.amount) FILTER (WHERE l.kind = 'earned'), 0)
          AND (count(*) FILTER (WHERE l.kind = 'clawback') = 0 OR count(*) FILTER (WHERE l.kind = 'earned') = 1) AS ok,
        format('invoice %s category %s: earned %s, clawed back %s', l.tax_invoice_id, l.category_id,
          coalesce(sum(l.amount) FILTER (WHERE l.kind = 'earned'), 0), -coalesce(sum(l.amount) FILTER (WHERE l.kind = 'clawback'), 0)) AS detail
      FROM ${t("commission_run_lines")} l
      GROUP BY l.tax_invoice_id, l.category_id`,
  },
  {
    module: "channels",
    name: "commissions payable equals the approved runs' net less the payouts",
    subjects: "commission payable accounts",
    query: (t) => sql.fragment`
      SELECT 'commission_payable' AS subject, ledger.balance = runs.net - payouts.paid AS ok,
        format('commissions payable %s, approved runs %s, payouts %s', ledger.balance, runs.net, payouts.paid) AS detail
      FROM ${t("posting_accounts")} pa
      CROSS JOIN LATERAL (SELECT coalesce(sum(jl.credit - jl.debit), 0) AS balance FROM ${t("journal_lines")} jl
        JOIN ${t("journal_entries")} je ON je.id = jl.journal_entry_id AND je.status <> 'draft'
        WHERE jl.account_id = pa.account_id) ledger
      CROSS JOIN LATERAL (SELECT coalesce(sum(net_amount), 0) AS net FROM ${t("commission_runs")} WHERE status = 'approved') runs
      CROSS JOIN LATERAL (SELECT coalesce(sum(amount), 0) AS paid FROM ${t("commission_payouts")} WHERE status = 'paid') payouts
      WHERE pa.purpose = 'commission_payable'`,
  },
  {
    module: "channels",
    name: "each partner's commission balance adds up their approved runs' nets and their payouts",
    subjects: "partners with commissions",
    query: (t) => sql.fragment`
      WITH partners AS (
        SELECT dealer_id, franchisee_id, community_partner_id FROM ${t("commission_runs")} WHERE status = 'approved'
        UNION SELECT dealer_id, franchisee_id, community_partner_id FROM ${t("commission_payouts")}
        UNION SELECT dealer_id, franchisee_id, community_partner_id FROM ${t("commission_balances")}
      )
      SELECT coalesce(p.dealer_id, p.franchisee_id, p.community_partner_id)::text AS subject,
        b.id IS NOT NULL AND b.approved = runs.net AND b.paid = payouts.paid AS ok,
        format('balance approved %s paid %s; approved runs %s, payouts %s', b.approved, b.paid, runs.net, payouts.paid) AS detail
      FROM partners p
      LEFT JOIN ${t("commission_balances")} b ON b.dealer_id IS NOT DISTINCT FROM p.dealer_id
        AND b.franchisee_id IS NOT DISTINCT FROM p.franchisee_id AND b.community_partner_id IS NOT DISTINCT FROM p.community_partner_id
      CROSS JOIN LATERAL (SELECT coalesce(sum(r.net_amount), 0) AS net FROM ${t("commission_runs")} r WHERE r.status = 'approved'
        AND r.dealer_id IS NOT DISTINCT FROM p.dealer_id AND r.franchisee_id IS NOT DISTINCT FROM p.franchisee_id
        AND r.community_partner_id IS NOT DISTINCT FROM p.community_partner_id) runs
      CROSS JOIN LATERAL (SELECT coalesce(sum(o.amount), 0) AS paid FROM ${t("commission_payouts")} o
        WHERE o.dealer_id IS NOT DISTINCT FROM p.dealer_id AND o.franchisee_id IS NOT DISTINCT FROM p.franchisee_id
        AND o.community_partner_id IS NOT DISTINCT FROM p.community_partner_id) payouts`,
  },
  {
    module: "channels",
    name: "commission payouts are posted once: Dr commissions payable / Cr bank for their amount",
    subjects: "commission payouts",
    query: (t) => sql.fragment`
      SELECT o.id::text AS subject,
        o.status = 'paid' AND entries.count = 1 AND je.status = 'posted' AND je.source_type = 'commission_payout' AND je.source_id = o.id
          AND posted.payable = o.amount AND posted.total = o.amount AS ok,
        format('payout %s (%s, %s): entries %s, payable debited %s, credited %s', o.payout_number, o.status, o.amount, entries.count,
          posted.payable, posted.total) AS detail
      FROM ${t("commission_payouts")} o
      LEFT JOIN ${t("journal_entries")} je ON je.id = o.journal_entry_id
      CROSS JOIN LATERAL (SELECT count(*) AS count FROM ${t("journal_entries")} e
        WHERE e.source_type = 'commission_payout' AND e.source_id = o.id) entries
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(jl.debit - jl.credit) FILTER (WHERE pa.purpose = 'commission_payable'), 0) AS payable,
          coalesce(sum(jl.credit), 0) AS total
        FROM ${t("journal_lines")} jl LEFT JOIN ${t("posting_accounts")} pa ON pa.account_id = jl.account_id
        WHERE jl.journal_entry_id = o.journal_entry_id) posted`,
  },
];
