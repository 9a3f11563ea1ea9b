import type { ErpClient } from "@erp/client";
import { withTenantTransaction } from "@erp/db";
import { getTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * The finance module over the typed client, on a fresh growth tenant (no demo data): a fiscal
 * year far from today (so the figures do not depend on the date), manual journals posted and one
 * reversed, a period closed and reopened, and the exact figures of every report. Then a tenant
 * with demo data, whose books must balance too.
 */
let api: TestApi;
let tenant: TestTenant;
let finance: ErpClient["finance"];
const account: Record<string, string> = {};
const year = 2090;
let periods: { id: string; period_number: number; status: string }[] = [];
let lateAccrual: { entry_number: string };
const periodOf = (month: number) => periods.find((period) => period.period_number === month)?.id ?? "";

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("fin", "growth");
  finance = tenant.client.finance;
  const accounts = await finance.accounts.list.query({ limit: 100 });
  for (const row of accounts.items) account[row.code] = row.id;
});
afterAll(async () => api?.close());

type Line = { account_id: string; debit?: string; credit?: string };
const pair = (debitCode: string, creditCode: string, amount: string): Line[] => [
  { account_id: account[debitCode] ?? "", debit: amount },
  { account_id: account[creditCode] ?? "", credit: amount },
];
const numberOf = (entryNumber: string) => Number(entryNumber.replace(/^\D+/, ""));

async function postJournal(date: string, description: string, lines: Line[]) {
  const draft = await finance.journals.create.mutate({ date, description, lines });
  return finance.journals.post.mutate({ id: draft.id });
}

async function auditActions(entityId: string): Promise<string[]> {
  const found = await getTenant(api.platform.pool, tenant.slug);
  return withTenantTransaction(api.tenantPool, found, async (tx) => [
    ...(await tx.anyFirst(sql.type(z.object({ action: z.string() }))`
      SELECT action FROM audit_log WHERE entity_id = ${entityId} ORDER BY id`)),
  ]);
}

describe("finance.fiscalYears and finance.periods", () => {
  test("open a calendar year: twelve open monthly periods; an overlapping year is refused in one sentence", async () => {
    const opened = await finance.fiscalYears.open.mutate({ year });
    expect(opened).toMatchObject({ name: `FY${year}`, start_date: `${year}-01-01`, end_date: `${year}-12-31`, status: "open" });
    expect(opened.periods.map((period) => [period.period_number, period.start_date, period.end_date, period.status])).toEqual(
      Array.from({ length: 12 }, (_, index) => {
        const month = String(index + 1).padStart(2, "0");
        const last = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
        return [index + 1, `${year}-${month}-01`, `${year}-${month}-${last}`, "open"];
      }),
    );
    periods = (await finance.periods.list.query({ fiscal_year_id: opened.id })).items;
    expect(periods).toHaveLength(12);
    const message = await expectCode(finance.fiscalYears.open.mutate({ year }), "CONFLICT");
    expect(message).toBe(
      `Fiscal year FY${year} (${year}-01-01 to ${year}-12-31) already covers part of ${year}: a year cannot overlap another.`,
    );
    expect(await expectCode(finance.fiscalYears.open.mutate({ year: 2090.5 }), "BAD_REQUEST")).toMatch(/^Invalid input: year: /);
    expect(await auditActions(opened.id)).toEqual(["open"]);
  });

  test("close records who and when; posting into a closed period is refused by the books; reopen lets it post", async () => {
    const me = await tenant.client.auth.me.query();
    const closed = await finance.periods.close.mutate({ id: periodOf(3) });
    expect(closed).toMatchObject({ status: "closed", closed_by: me.user.id });
    expect(closed.closed_at).not.toBeNull();
    expect(await expectCode(finance.periods.close.mutate({ id: periodOf(3) }), "BAD_REQUEST")).toBe(
      `Period March ${year} is closed: only an open period can be closed.`,
    );

    const draft = await finance.journals.create.mutate({
      date: `${year}-03-05`,
      description: "Late accrual",
      lines: pair("6100", "1010", "10"),
    });
    expect(draft.entry_number).toBe(`DRAFT-${draft.id}`);
    const refused = await expectCode(finance.journals.post.mutate({ id: draft.id }), "BAD_REQUEST");
    expect(refused).toBe(`Journal entry DRAFT-${draft.id} cannot be posted: its fiscal period is not open.`);
    expect((await finance.entries.get.query({ id: draft.id })).status).toBe("draft");

    const reopened = await finance.periods.reopen.mutate({ id: periodOf(3) });
    expect(reopened).toMatchObject({ status: "open", closed_by: null, closed_at: null });
    expect(await expectCode(finance.periods.reopen.mutate({ id: periodOf(3) }), "BAD_REQUEST")).toBe(
      `Period March ${year} is open: only a closed period can be reopened.`,
    );
    expect(await auditActions(periodOf(3))).toEqual(["close", "reopen"]);
    lateAccrual = await finance.journals.post.mutate({ id: draft.id });
    expect(lateAccrual).toMatchObject({ status: "posted", entry_date: `${year}-03-05` });
    expect(lateAccrual.entry_number).toMatch(/^JE-\d+$/);

    const spare = await finance.journals.create.mutate({ date: `${year}-03-06`, description: "Typo", lines: pair("6100", "1010", "1") });
    expect(await finance.journals.remove.mutate({ id: spare.id })).toEqual({ id: spare.id });
    await expectCode(finance.entries.get.query({ id: spare.id }), "NOT_FOUND");
  });

  test("a viewer or staff user may read the books but not close a period, open a year or post", async () => {
    for (const role of ["viewer", "staff"] as const) {
      const email = `${role}@fin.test`;
      await tenant.client.auth.users.create.mutate({ email, displayName: role, password: `${role}-password-123`, roles: [role] });
      const client = await api.signIn(tenant.slug, email, `${role}-password-123`);
      expect(await expectCode(client.finance.periods.close.mutate({ id: periodOf(1) }), "FORBIDDEN")).toBe(
        `Your role (${role}) does not grant finance.close.`,
      );
      await expectCode(client.finance.periods.reopen.mutate({ id: periodOf(1) }), "FORBIDDEN");
      await expectCode(client.finance.fiscalYears.open.mutate({ year: 2091 }), "FORBIDDEN");
      await expectCode(
        client.finance.journals.create.mutate({ date: `${year}-01-02`, description: "x", lines: pair("1010", "3000", "1") }),
        "FORBIDDEN",
      );
      expect((await client.finance.reports.trialBalance.query({})).balanced).toBe(true);
    }
    expect((await finance.periods.list.query({})).items.length).toBeGreaterThanOrEqual(36);
  });
});

describe("manual journals and the reports", () => {
  let wrongSale: Awaited<ReturnType<typeof postJournal>>;
  let numbers: number[] = [];

  test("drafts take no JE number; posting takes consecutive numbers; reversal swaps the lines", async () => {
    const capital = await postJournal(`${year}-01-05`, "Owner's capital", pair("1010", "3000", "10000"));
    const sale = await postJournal(`${year}-01-20`, "Cash sale on account", pair("1200", "4000", "1500"));
    const wages = await postJournal(`${year}-02-10`, "February wages", pair("6100", "1010", "800.50"));
    // A user's text is kept as written, placeholders of automatic postings ({number}) included.
    wrongSale = await postJournal(`${year}-02-15`, "Sale booked twice {number}", pair("1200", "4000", "300"));
    for (const entry of [capital, sale, wages, wrongSale]) {
      expect(entry).toMatchObject({ status: "posted", journal_code: "GEN", source_type: null });
      expect(entry.posted_at).not.toBeNull();
    }
    expect(wages.lines.map((line) => [line.account_code, line.debit, line.credit])).toEqual([
      ["6100", "800.5000", "0.0000"],
      ["1010", "0.0000", "800.5000"],
    ]);

    const reversal = await finance.journals.reverse.mutate({ id: wrongSale.id, date: `${year}-02-20` });
    expect(reversal).toMatchObject({
      status: "posted",
      reversal_of_id: wrongSale.id,
      entry_date: `${year}-02-20`,
      description: `Reversal of ${wrongSale.entry_number}: Sale booked twice {number}`,
    });
    expect(reversal.lines.map((line) => [line.account_code, line.debit, line.credit])).toEqual([
      ["1200", "0.0000", "300.0000"],
      ["4000", "300.0000", "0.0000"],
    ]);
    expect((await finance.entries.get.query({ id: wrongSale.id })).status).toBe("reversed");
    expect(await auditActions(wrongSale.id)).toEqual(["create", "post", "reverse"]);

    // The post refused in the closed period took no number: the series has no gap.
    numbers = [lateAccrual, capital, sale, wages, wrongSale, reversal].map((entry) => numberOf(entry.entry_number));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test("what is posted is never changed: a second reversal, reversing or re-posting a draft, deleting a posted entry", async () => {
    const reversal = (await finance.entries.list.query({ status: "posted", limit: 100 })).items.find(
      (entry) => entry.reversal_of_id === wrongSale.id,
    );
    expect(await expectCode(finance.journals.reverse.mutate({ id: wrongSale.id }), "BAD_REQUEST")).toBe(
      `Journal entry ${wrongSale.entry_number} is already reversed by ${reversal?.entry_number}: an entry is reversed once.`,
    );
    const draft = await finance.journals.create.mutate({ date: `${year}-04-01`, description: "Pending", lines: pair("6100", "1010", "5") });
    expect(await expectCode(finance.journals.reverse.mutate({ id: draft.id }), "BAD_REQUEST")).toMatch(
      /^Journal entry DRAFT-.* is a draft: only a posted entry can be reversed/,
    );
    const posted = (await finance.entries.list.query({ status: "posted", limit: 1 })).items[0];
    expect(await expectCode(finance.journals.post.mutate({ id: posted?.id ?? "" }), "BAD_REQUEST")).toBe(
      `Journal entry ${posted?.entry_number} is posted: only a draft can be posted.`,
    );
    expect(
      await expectCode(finance.journals.update.mutate({ id: posted?.id ?? "", patch: { description: "Rewritten" } }), "BAD_REQUEST"),
    ).toBe(`Journal entry ${posted?.entry_number} is posted and cannot be changed: post a reversal instead.`);
    expect(
      await expectCode(finance.journals.update.mutate({ id: wrongSale.id, patch: { lines: pair("1010", "3000", "1") } }), "BAD_REQUEST"),
    ).toBe(`Journal entry ${wrongSale.entry_number} is posted and cannot be changed: post a reversal instead.`);
    expect(await expectCode(finance.journals.remove.mutate({ id: posted?.id ?? "" }), "BAD_REQUEST")).toBe(
      `Journal entry ${posted?.entry_number} is posted and cannot be deleted: post a reversal instead.`,
    );
    const edited = await finance.journals.update.mutate({
      id: draft.id,
      patch: { date: `${year}-04-02`, description: "Pending, corrected", lines: pair("6100", "1010", "7.25") },
    });
    expect(edited).toMatchObject({
      status: "draft",
      entry_date: `${year}-04-02`,
      description: "Pending, corrected",
      entry_number: draft.entry_number,
    });
    expect(edited.lines.map((line) => [line.line_number, line.account_code, line.debit, line.credit])).toEqual([
      [1, "6100", "7.2500", "0.0000"],
      [2, "1010", "0.0000", "7.2500"],
    ]);
    expect(
      await expectCode(finance.journals.update.mutate({ id: draft.id, patch: { lines: pair("1010", "3000", "0") } }), "BAD_REQUEST"),
    ).toBe("lines.0: a line needs a debit or a credit greater than 0, not both.");
    expect(await auditActions(draft.id)).toEqual(["create", "update"]);
    await finance.journals.remove.mutate({ id: draft.id });
    expect(await auditActions(draft.id)).toEqual(["create", "update", "delete"]);
  });

  test("bad input answers one sentence naming the field", async () => {
    const create = (input: Parameters<typeof finance.journals.create.mutate>[0]) =>
      expectCode(finance.journals.create.mutate(input), "BAD_REQUEST");
    const date = `${year}-05-01`;
    expect(
      await create({
        date,
        description: "x",
        lines: [...pair("1010", "3000", "10").slice(0, 1), { account_id: account["3000"] ?? "", credit: "9" }],
      }),
    ).toBe("lines: debits (10.0000) and credits (9.0000) must be equal.");
    expect(
      await create({
        date,
        description: "x",
        lines: [{ account_id: account["1010"] ?? "", debit: "1", credit: "1" }, ...pair("1010", "3000", "1")],
      }),
    ).toBe("lines.0: a line needs a debit or a credit greater than 0, not both.");
    expect(await create({ date, description: "x", lines: pair("1", "3000", "1") })).toMatch(
      /^lines\.0\.account_id: account 1 Assets is a header account/,
    );
    expect(await create({ date: "2300-01-01", description: "x", lines: pair("1010", "3000", "1") })).toBe(
      "date: no fiscal period covers 2300-01-01; open its fiscal year first.",
    );
    expect(await create({ date: "2090-13-01", description: "x", lines: pair("1010", "3000", "1") })).toMatch(/^Invalid input: date: /);
    expect(
      await create({ date, description: "x", lines: [{ account_id: account["1010"] ?? "", debit: "-1" }, ...pair("1010", "3000", "1")] }),
    ).toMatch(/^Invalid input: lines\.0\.debit: /);
    expect(await create({ date, description: "x", lines: pair("1010", "3000", "1").slice(1) })).toMatch(/^Invalid input: lines: /);
    expect(await expectCode(finance.reports.profitAndLoss.query({ from: `${year}-02-01`, to: `${year}-01-01` }), "BAD_REQUEST")).toBe(
      `to: ${year}-01-01 is before from (${year}-02-01).`,
    );
  });

  test("trial balance: per account totals and net balances; debits equal credits", async () => {
    const report = await finance.reports.trialBalance.query({});
    expect(report.accounts.map((row) => [row.code, row.debit, row.credit, row.debit_balance, row.credit_balance])).toEqual([
      ["1010", "10000.0000", "810.5000", "9189.5000", "0.0000"],
      ["1200", "1800.0000", "300.0000", "1500.0000", "0.0000"],
      ["3000", "0.0000", "10000.0000", "0.0000", "10000.0000"],
      ["4000", "300.0000", "1800.0000", "0.0000", "1500.0000"],
      ["6100", "810.5000", "0.0000", "810.5000", "0.0000"],
    ]);
    expect(report.totals).toEqual({ debit: "12910.5000", credit: "12910.5000", debit_balance: "11500.0000", credit_balance: "11500.0000" });
    expect(report.balanced).toBe(true);
    const january = await finance.reports.trialBalance.query({ as_of: `${year}-01-31` });
    expect(january.totals).toMatchObject({ debit: "11500.0000", credit: "11500.0000" });
  });

  test("profit and loss over a range", async () => {
    const whole = await finance.reports.profitAndLoss.query({ from: `${year}-01-01`, to: `${year}-12-31` });
    expect(whole.revenue).toEqual({ accounts: [expect.objectContaining({ code: "4000", amount: "1500.0000" })], total: "1500.0000" });
    expect(whole.expenses).toEqual({ accounts: [expect.objectContaining({ code: "6100", amount: "810.5000" })], total: "810.5000" });
    expect(whole.result).toBe("689.5000");
    const february = await finance.reports.profitAndLoss.query({ from: `${year}-02-01`, to: `${year}-02-28` });
    expect([february.revenue.total, february.expenses.total, february.result]).toEqual(["0.0000", "800.5000", "-800.5000"]);
  });

  test("balance sheet: assets = liabilities + equity + current result", async () => {
    const end = await finance.reports.balanceSheet.query({ as_of: `${year}-12-31` });
    expect(end.assets.accounts.map((row) => [row.code, row.amount])).toEqual([
      ["1010", "9189.5000"],
      ["1200", "1500.0000"],
    ]);
    expect([end.assets.total, end.liabilities.total, end.equity.total, end.current_result, end.balances]).toEqual([
      "10689.5000",
      "0.0000",
      "10000.0000",
      "689.5000",
      true,
    ]);
    const january = await finance.reports.balanceSheet.query({ as_of: `${year}-01-31` });
    expect([january.assets.total, january.equity.total, january.current_result, january.balances]).toEqual([
      "11500.0000",
      "10000.0000",
      "1500.0000",
      true,
    ]);
  });

  test("account ledger: opening before the period, movements in date order with balances, closing; keyset pages", async () => {
    const bank = await finance.ledger.account.query({ account_id: account["1010"] ?? "", period_id: periodOf(2) });
    expect([bank.opening, bank.debit, bank.credit, bank.closing]).toEqual(["10000.0000", "0.0000", "800.5000", "9199.5000"]);
    expect(bank.items.map((row) => [row.entry_date, row.debit, row.credit, row.balance])).toEqual([
      [`${year}-02-10`, "0.0000", "800.5000", "9199.5000"],
    ]);

    const receivable = { account_id: account["1200"] ?? "", period_id: periodOf(2), limit: 1 };
    const first = await finance.ledger.account.query(receivable);
    expect([first.opening, first.debit, first.credit, first.closing]).toEqual(["1500.0000", "300.0000", "300.0000", "1500.0000"]);
    expect(first.items.map((row) => [row.entry_date, row.debit, row.balance])).toEqual([[`${year}-02-15`, "300.0000", "1800.0000"]]);
    expect(first.nextCursor).toBe(first.items[0]?.id);
    const second = await finance.ledger.account.query({ ...receivable, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((row) => [row.entry_date, row.credit, row.balance])).toEqual([[`${year}-02-20`, "300.0000", "1500.0000"]]);
    expect(second.nextCursor).toBeNull();

    const bankInMarch = await finance.ledger.account.query({ account_id: account["1010"] ?? "", period_id: periodOf(3) });
    expect([bankInMarch.opening, bankInMarch.credit, bankInMarch.closing]).toEqual(["9199.5000", "10.0000", "9189.5000"]);
    expect(bankInMarch.items.map((row) => [row.entry_number, row.balance])).toEqual([[lateAccrual.entry_number, "9189.5000"]]);

    const march = await finance.ledger.account.query({ account_id: account["1200"] ?? "", period_id: periodOf(3) });
    expect([march.opening, march.closing, march.items]).toEqual(["1500.0000", "1500.0000", []]);
    await expectCode(finance.ledger.account.query({ account_id: periodOf(3), period_id: periodOf(3) }), "NOT_FOUND");
  });

  test("entries list filters by period and status, pages by id; get returns the lines", async () => {
    const february = await finance.entries.list.query({ period_id: periodOf(2), limit: 100 });
    expect(february.items.map((entry) => [entry.description, entry.status])).toEqual([
      ["February wages", "posted"],
      ["Sale booked twice {number}", "reversed"],
      [`Reversal of ${wrongSale.entry_number}: Sale booked twice {number}`, "posted"],
    ]);
    const page = await finance.entries.list.query({ period_id: periodOf(2), limit: 2 });
    expect(page.items).toHaveLength(2);
    const rest = await finance.entries.list.query({ period_id: periodOf(2), limit: 2, cursor: page.nextCursor ?? undefined });
    expect(rest.items.map((entry) => entry.status)).toEqual(["posted"]);
    expect(rest.nextCursor).toBeNull();
    expect((await finance.entries.list.query({ status: "reversed" })).items.map((entry) => entry.id)).toEqual([wrongSale.id]);
    expect((await finance.entries.list.query({ source_type: "tax_invoice" })).items).toEqual([]);
    expect(numbers).toHaveLength(6);
  });
});

describe("a tenant with demo data", () => {
  test("its trial balance and balance sheet balance", async () => {
    const slug = api.db.slug("findemo");
    const provisioned = await api.operator.platform.tenants.provision.mutate({
      slug,
      tier: "growth",
      admin: { email: "owner@findemo.test" },
      seedDemoData: true,
    });
    const owner = await api.signIn(slug, "owner@findemo.test", provisioned.admin.password);
    const trial = await owner.finance.reports.trialBalance.query({});
    expect(trial.accounts.length).toBeGreaterThan(0);
    expect(trial.balanced).toBe(true);
    expect(trial.totals.debit).toBe(trial.totals.credit);
    const today = new Date().toISOString().slice(0, 10);
    const sheet = await owner.finance.reports.balanceSheet.query({ as_of: "2999-12-31" });
    expect(sheet.balances).toBe(true);
    expect((await owner.finance.reports.balanceSheet.query({ as_of: today })).balances).toBe(true);
  });
});
