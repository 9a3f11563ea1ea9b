import type { ErpClient } from "@erp/client";
import { type PartnerTable, partnerStatusMoves } from "@erp/erp";
import fc from "fast-check";
import { expect } from "vitest";
import { expectCode } from "../expectCode.ts";

/**
 * Commands of the channels model test (fc.asyncModelRun over a fixed-length array of commands): invoiced orders attributed
 * to partners, credit notes, invoice cancellations, partner status moves, rules created and
 * retired, commission runs of last and this month (each run twice: the second must change
 * nothing), approvals, and attempts the system must refuse (a forbidden status move, approving
 * twice, editing an approved run in the database, re-attributing a commissioned order), payouts
 * within and beyond what is payable to a partner. The model
 * keeps what decides the expected outcome: statuses, what is left to credit, which orders are
 * commissioned, and each approved run as it was approved (it must never change).
 */
export type ChannelsReal = {
  client: ErpClient;
  /** Edits an approved run straight in the tenant's tables; resolves to the error it failed with, or null. */
  tryInTenant: (edit: "reopen" | "delete lines", id: string) => Promise<Error | null>;
  channelId: string;
  products: readonly { id: string; categoryId: string | null }[];
  customerId: string;
  partners: { table: PartnerTable; id: string; status: string }[];
  periods: { lastMonth: string; lastMonthDate: string; thisMonth: string };
  stats: { operations: number; refusals: number; kinds: Record<string, number> };
};

type ModelInvoice = {
  id: string;
  orderId: string;
  status: "open" | "void";
  lines: { itemId: string; left: number }[];
  credited: boolean;
};

export type ChannelsModel = {
  invoices: ModelInvoice[];
  commissionedOrders: Set<string>;
  /** Orders with a line in an approved run (those lines never change). */
  approvedOrders: Set<string>;
  approved: Map<string, string>;
  drafts: Set<string>;
  rules: { id: string; active: boolean }[];
  /** What each partner may still be paid, in ten-thousandths: Σ approved runs' nets − Σ payouts. */
  payable: Map<string, number>;
};

type Command = fc.AsyncCommand<ChannelsModel, ChannelsReal>;

const pick = <T>(candidates: readonly T[], index: number): T | undefined => candidates[index % Math.max(1, candidates.length)];

function count(r: ChannelsReal, refusal: boolean, kind: string): void {
  r.stats.operations++;
  if (refusal) r.stats.refusals++;
  const key = refusal ? `${kind} (refused)` : kind;
  r.stats.kinds[key] = (r.stats.kinds[key] ?? 0) + 1;
}

const beneficiary = (table: PartnerTable) =>
  ({ dealers: "dealer_id", franchisees: "franchisee_id", community_partners: "community_partner_id", channels: null })[table];

class InvoiceOrder implements Command {
  constructor(
    readonly quantities: readonly number[],
    readonly partner: number,
    readonly lastMonth: boolean,
  ) {}
  check = () => true;
  async run(m: ChannelsModel, r: ChannelsReal) {
    const lines = this.quantities
      .map((quantity, index) => ({ product_id: r.products[index]?.id ?? "", quantity }))
      .filter((line) => line.quantity > 0);
    if (lines.length === 0) return;
    const order = await r.client.sales.orders.create.mutate({ customer_id: r.customerId, lines });
    await r.client.sales.orders.confirm.mutate({ id: order.id });
    await r.client.sales.shipments.create.mutate({ order_id: order.id });
    const invoice = await r.client.sales.invoices.create.mutate({
      order_id: order.id,
      invoice_date: this.lastMonth ? r.periods.lastMonthDate : undefined,
    });
    const partners = r.partners.filter((partner) => partner.table !== "channels");
    const partner = this.partner < partners.length ? partners[this.partner] : undefined;
    const column = partner ? beneficiary(partner.table) : null;
    await r.client.channels.attribution.set.mutate({
      order_id: order.id,
      channel_id: r.channelId,
      ...(partner && column ? { [column]: partner.id } : {}),
    });
    m.invoices.push({
      id: invoice.id,
      orderId: order.id,
      status: "open",
      lines: invoice.lines.filter((line) => line.product_id).map((line) => ({ itemId: line.id, left: Number(line.quantity) })),
      credited: false,
    });
    count(r, false, "invoiced order");
  }
  toString = () => `InvoiceOrder(${this.quantities}, partner ${this.partner}, ${this.lastMonth ? "last month" : "this month"})`;
}

class CreditNote implements Command {
  constructor(
    readonly invoice: number,
    readonly line: number,
  ) {}
  check = (m: ChannelsModel) => m.invoices.some((invoice) => invoice.status === "open" && invoice.lines.some((line) => line.left > 0));
  async run(m: ChannelsModel, r: ChannelsReal) {
    const open = m.invoices.filter((invoice) => invoice.status === "open" && invoice.lines.some((line) => line.left > 0));
    const invoice = pick(open, this.invoice);
    const line = pick(invoice?.lines.filter((candidate) => candidate.left > 0) ?? [], this.line);
    if (!invoice || !line) return;
    await r.client.sales.creditNotes.create.mutate({
      invoice_id: invoice.id,
      lines: [{ invoice_item_id: line.itemId, quantity: "1" }],
      reason: "Returned",
    });
    line.left -= 1;
    invoice.credited = true;
    count(r, false, "credit note");
  }
  toString = () => `CreditNote(${this.invoice}, ${this.line})`;
}

class CancelInvoice implements Command {
  constructor(readonly invoice: number) {}
  check = (m: ChannelsModel) => m.invoices.some((invoice) => invoice.status === "open" && !invoice.credited);
  async run(m: ChannelsModel, r: ChannelsReal) {
    const invoice = pick(
      m.invoices.filter((candidate) => candidate.status === "open" && !candidate.credited),
      this.invoice,
    );
    if (!invoice) return;
    await r.client.sales.invoices.cancel.mutate({ id: invoice.id, reason: "Wrong order" });
    invoice.status = "void";
    count(r, false, "invoice cancelled");
  }
  toString = () => `CancelInvoice(${this.invoice})`;
}

class SetStatus implements Command {
  constructor(
    readonly partner: number,
    readonly status: number,
  ) {}
  check = () => true;
  async run(_m: ChannelsModel, r: ChannelsReal) {
    const partner = pick(r.partners, this.partner);
    if (!partner) return;
    const statuses = Object.keys(partnerStatusMoves[partner.table]);
    const status = pick(statuses, this.status) ?? partner.status;
    const allowed = status === partner.status || (partnerStatusMoves[partner.table][partner.status] ?? []).includes(status);
    const procedures = {
      channels: r.client.channels.channels.setStatus,
      dealers: r.client.channels.dealers.setStatus,
      franchisees: r.client.channels.franchisees.setStatus,
      community_partners: r.client.channels.communityPartners.setStatus,
    } as const;
    const call = (procedures[partner.table] as typeof r.client.channels.dealers.setStatus).mutate({
      id: partner.id,
      status: status as never,
    });
    if (allowed) {
      expect((await call).status).toBe(status);
      partner.status = status;
    } else {
      expect(await expectCode(call, "BAD_REQUEST")).toMatch(/cannot move from/);
    }
    count(r, !allowed, `${partner.table} status`);
  }
  toString = () => `SetStatus(${this.partner}, ${this.status})`;
}

class CreateRule implements Command {
  constructor(
    readonly partner: number,
    readonly product: number,
    readonly tier: number,
    readonly rate: number,
  ) {}
  check = () => true;
  async run(m: ChannelsModel, r: ChannelsReal) {
    const partners = r.partners.filter((partner) => partner.table !== "channels");
    const partner = this.partner < partners.length ? partners[this.partner] : undefined;
    const column = partner ? beneficiary(partner.table) : null;
    const categoryId = this.product < r.products.length ? (r.products[this.product]?.categoryId ?? null) : null;
    const call = r.client.channels.commissionRules.create.mutate({
      channel_id: r.channelId,
      ...(partner && column ? { [column]: partner.id } : {}),
      category_id: categoryId,
      min_volume: String(this.tier * 100),
      rate: `${this.rate}.5`,
    });
    const result = await call.then(
      (rule) => rule,
      (error: unknown) => error as Error,
    );
    if (result instanceof Error) {
      // The same scope and tier is already active.
      expect(result.message).toMatch(/already taken/);
      count(r, true, "rule");
      return;
    }
    m.rules.push({ id: result.id, active: true });
    count(r, false, "rule");
  }
  toString = () => `CreateRule(${this.partner}, ${this.product}, ${this.tier}, ${this.rate})`;
}

class RetireRule implements Command {
  constructor(readonly rule: number) {}
  check = (m: ChannelsModel) => m.rules.some((rule) => rule.active);
  async run(m: ChannelsModel, r: ChannelsReal) {
    const rule = pick(
      m.rules.filter((candidate) => candidate.active),
      this.rule,
    );
    if (!rule) return;
    expect((await r.client.channels.commissionRules.retire.mutate({ id: rule.id })).status).toBe("retired");
    rule.active = false;
    count(r, false, "rule retired");
  }
  toString = () => `RetireRule(${this.rule})`;
}

class RunCommissions implements Command {
  constructor(readonly lastMonth: boolean) {}
  check = () => true;
  async run(m: ChannelsModel, r: ChannelsReal) {
    const period = this.lastMonth ? r.periods.lastMonth : r.periods.thisMonth;
    const first = await r.client.channels.commissionRuns.run.mutate({ period });
    const second = await r.client.channels.commissionRuns.run.mutate({ period });
    expect(second, "a second run changes nothing").toEqual(first);
    await refresh(m, r);
    count(r, false, "run");
  }
  toString = () => `RunCommissions(${this.lastMonth ? "last month" : "this month"})`;
}

/**
 * Reads every run back: approved runs must be exactly as they were approved; the drafts and the
 * commissioned orders (those with a line in any run) are taken from what the runs hold now.
 */
async function refresh(m: ChannelsModel, r: ChannelsReal): Promise<void> {
  m.drafts.clear();
  m.commissionedOrders = new Set(m.approvedOrders);
  let cursor: string | undefined;
  do {
    const page = await r.client.channels.commissionRuns.list.query({ limit: 100, cursor });
    for (const run of page.items) {
      const approved = m.approved.get(run.id);
      if (approved) {
        expect(JSON.stringify(run), "an approved run never changes").toBe(approved);
        continue;
      }
      m.drafts.add(run.id);
      const detail = await r.client.channels.commissionRuns.get.query({ id: run.id });
      for (const line of detail.lines) m.commissionedOrders.add(line.order_id);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

class Approve implements Command {
  constructor(readonly which: number) {}
  check = (m: ChannelsModel) => m.drafts.size > 0 || m.approved.size > 0;
  async run(m: ChannelsModel, r: ChannelsReal) {
    const drafts = [...m.drafts];
    const draft = pick(drafts, this.which);
    if (draft) {
      const approved = await r.client.channels.commissionRuns.approve.mutate({ id: draft });
      expect(approved.status).toBe("approved");
      const { lines, ...run } = approved;
      for (const line of lines) m.approvedOrders.add(line.order_id);
      const partnerId = run.dealer_id ?? run.franchisee_id ?? run.community_partner_id ?? "";
      m.payable.set(partnerId, (m.payable.get(partnerId) ?? 0) + units(run.net_amount));
      m.drafts.delete(draft);
      m.approved.set(draft, JSON.stringify(run));
      count(r, false, "approve");
      return;
    }
    const again = pick([...m.approved.keys()], this.which);
    if (!again) return;
    await expectCode(r.client.channels.commissionRuns.approve.mutate({ id: again }), "CONFLICT");
    count(r, true, "approve");
  }
  toString = () => `Approve(${this.which})`;
}

class EditApproved implements Command {
  constructor(readonly which: number) {}
  check = (m: ChannelsModel) => m.approved.size > 0;
  async run(m: ChannelsModel, r: ChannelsReal) {
    const id = pick([...m.approved.keys()], this.which);
    if (!id) return;
    const error = await r.tryInTenant(this.which % 2 === 0 ? "reopen" : "delete lines", id);
    expect(error?.message ?? "accepted").toMatch(/approved/);
    count(r, true, "edit approved run");
  }
  toString = () => `EditApproved(${this.which})`;
}

class Reattribute implements Command {
  constructor(readonly invoice: number) {}
  check = (m: ChannelsModel) => m.invoices.length > 0;
  async run(m: ChannelsModel, r: ChannelsReal) {
    const invoice = pick(m.invoices, this.invoice);
    if (!invoice) return;
    const current = await r.client.channels.attribution.get.query({ order_id: invoice.orderId });
    const call = r.client.channels.attribution.set.mutate({ order_id: invoice.orderId, channel_id: r.channelId });
    if (m.commissionedOrders.has(invoice.orderId) && current.beneficiary_type !== null) {
      expect(await expectCode(call, "BAD_REQUEST")).toMatch(/commission has been computed/);
      count(r, true, "reattribute");
    } else {
      expect((await call).beneficiary_type).toBeNull();
      count(r, false, "reattribute");
    }
  }
  toString = () => `Reattribute(${this.invoice})`;
}

const units = (amount: string): number => Math.round(Number(amount) * 10_000);
const money = (value: number): string => (value / 10_000).toFixed(4);

/**
 * Pays a partner a share of what the model says is payable (a quarter, half, all of it, or a
 * quarter more than that): the balance the API reports must agree with the model, a payout within
 * it is paid and numbered, one beyond it (or with nothing open) answers CONFLICT.
 */
class Payout implements Command {
  constructor(
    readonly partner: number,
    readonly quarters: number,
  ) {}
  check = () => true;
  async run(m: ChannelsModel, r: ChannelsReal) {
    const partners = r.partners.filter((partner) => partner.table !== "channels");
    const partner = pick(partners, this.partner);
    const column = partner ? beneficiary(partner.table) : null;
    if (!partner || !column) return;
    const ref = { [column]: partner.id };
    const open = m.payable.get(partner.id) ?? 0;
    const balance = await r.client.channels.commissionPayouts.balance.query(ref);
    expect(units(balance.open), "the partner's open commission").toBe(open);
    const amount = open > 0 ? Math.max(1, Math.floor((open * this.quarters) / 4)) : 10_000;
    const call = r.client.channels.commissionPayouts.create.mutate({ ...ref, amount: money(amount) });
    if (amount <= open) {
      const payout = await call;
      expect(payout).toMatchObject({ status: "paid", amount: money(amount) });
      expect(payout.payout_number).toMatch(/^CP-\d{6}$/);
      m.payable.set(partner.id, open - amount);
      count(r, false, "payout");
    } else {
      expect(await expectCode(call, "CONFLICT")).toMatch(/commission payable: a payout of/);
      count(r, true, "payout");
    }
  }
  toString = () => `Payout(${this.partner}, ${this.quarters}/4)`;
}

export function channelsSequence(minLength: number, maxLength: number) {
  const index = fc.nat({ max: 20 });
  return fc.array(
    fc.oneof(
      fc
        .tuple(fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 3 }), fc.nat({ max: 4 }), fc.boolean())
        .map(([quantities, partner, lastMonth]) => new InvoiceOrder(quantities, partner, lastMonth)),
      fc.tuple(index, index).map(([invoice, line]) => new CreditNote(invoice, line)),
      index.map((invoice) => new CancelInvoice(invoice)),
      fc.tuple(index, index).map(([partner, status]) => new SetStatus(partner, status)),
      fc
        .tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.nat({ max: 3 }), fc.integer({ min: 1, max: 15 }))
        .map(([partner, product, tier, rate]) => new CreateRule(partner, product, tier, rate)),
      index.map((rule) => new RetireRule(rule)),
      fc.boolean().map((lastMonth) => new RunCommissions(lastMonth)),
      index.map((run) => new Approve(run)),
      index.map((run) => new EditApproved(run)),
      index.map((invoice) => new Reattribute(invoice)),
      // The cheap commands twice: more operations per second of a sequence.
      fc.tuple(index, index).map(([partner, status]) => new SetStatus(partner, status)),
      index.map((invoice) => new Reattribute(invoice)),
      index.map((run) => new Approve(run)),
      fc.tuple(fc.nat({ max: 3 }), fc.integer({ min: 1, max: 5 })).map(([partner, quarters]) => new Payout(partner, quarters)),
    ),
    { minLength, maxLength },
  );
}

export function emptyChannelsModel(): ChannelsModel {
  return {
    invoices: [],
    commissionedOrders: new Set(),
    approvedOrders: new Set(),
    approved: new Map(),
    drafts: new Set(),
    rules: [],
    payable: new Map(),
  };
}
