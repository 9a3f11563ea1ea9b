import { apiDatabaseUrl, TenantPool, type TenantQueries, withTenantTransaction } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { provisionTenant, type Tenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { type Actor, nextNumber, postEntry } from "../src/index.ts";

/**
 * The posting engine on a bare tenant (no demo data): provisioning sets up its books, so it can
 * post at once; numbers are gapless under concurrency and rollback; the database refuses what
 * breaks the books, whichever code sends it.
 */
let db: TestDatabase;
let tenant: Tenant;
let pool: TenantPool;
const actor: Actor = { userId: null, requestId: "test" };
const today = new Date().toISOString().slice(0, 10);

const inTenant = <T>(work: (tx: TenantQueries) => Promise<T>) => withTenantTransaction(pool, tenant, work);

beforeAll(async () => {
  db = await createTestDatabase();
  ({ tenant } = await provisionTenant(db.platform, {
    slug: db.slug("books"),
    tier: "starter",
    admin: { email: "admin@example.com", password: "correct horse battery" },
  }));
  pool = await TenantPool.open(apiDatabaseUrl(db.url), { maxPoolSize: 8 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const sale = (amount: string) => ({
  date: today,
  journal: "SALES" as const,
  description: "test sale",
  source: null,
  lines: [
    { account: "receivable" as const, debit: amount },
    { account: "revenue" as const, credit: amount },
  ],
});

describe("books set up at provisioning", () => {
  test("a new tenant has its chart, posting accounts, series and a fiscal period covering today", async () => {
    const facts = await inTenant((tx) =>
      tx.one(sql.type(z.object({ accounts: z.number(), purposes: z.number(), series: z.number(), openToday: z.boolean() }))`
        SELECT (SELECT count(*)::int FROM chart_of_accounts) AS accounts, (SELECT count(*)::int FROM posting_accounts) AS purposes,
          (SELECT count(*)::int FROM document_series WHERE is_default) AS series,
          EXISTS (SELECT 1 FROM fiscal_periods WHERE current_date BETWEEN start_date AND end_date AND status = 'open') AS "openToday"`),
    );
    expect(facts).toEqual({ accounts: 28, purposes: 21, series: 14, openToday: true });
  });
});

describe("postEntry", () => {
  test("posts a balanced entry with its ledger rows and running balances", async () => {
    const before = await balanceOf("receivable");
    const entry = await inTenant((tx) => postEntry(tx, sale("120.50"), actor));
    expect(entry.entryNumber).toMatch(/^JE-\d{6}$/);
    const rows = await inTenant((tx) =>
      tx.any(sql.type(z.object({ debit: z.string(), credit: z.string(), running: z.string() }))`
        SELECT debit::text, credit::text, running_balance::text AS running FROM general_ledger
        WHERE journal_entry_id = ${entry.id} ORDER BY posted_at`),
    );
    expect(rows).toEqual([
      { debit: "120.5000", credit: "0.0000", running: (before + 120.5).toFixed(4) },
      expect.objectContaining({ debit: "0.0000", credit: "120.5000" }),
    ]);
    expect(await balanceOf("receivable")).toBe(before + 120.5);
  });

  test("an unbalanced entry is refused at commit with the rule's sentence", async () => {
    const lopsided = {
      ...sale("100"),
      lines: [
        { account: "receivable" as const, debit: "100" },
        { account: "revenue" as const, credit: "90" },
      ],
    };
    await expect(inTenant((tx) => postEntry(tx, lopsided, actor))).rejects.toThrow(
      /does not balance: debits 100\.0000 and credits 90\.0000/,
    );
  });

  test("a date outside every fiscal period is refused, naming the date", async () => {
    await expect(inTenant((tx) => postEntry(tx, { ...sale("5"), date: "1990-01-01" }, actor))).rejects.toThrow(
      "No fiscal period covers 1990-01-01: open a fiscal year that does before posting on that date.",
    );
  });

  test("a closed period is refused by the database", async () => {
    const lastYear = `${Number(today.slice(0, 4)) - 1}-06-15`;
    await inTenant((tx) =>
      tx.query(sql.unsafe`UPDATE fiscal_periods SET status = 'closed' WHERE ${lastYear}::date BETWEEN start_date AND end_date`),
    );
    await expect(inTenant((tx) => postEntry(tx, { ...sale("5"), date: lastYear }, actor))).rejects.toThrow(/its fiscal period is not open/);
  });
});

describe("gapless numbering", () => {
  test("20 concurrent documents take 20 consecutive numbers, and a rollback leaves no gap", async () => {
    const first = await inTenant((tx) => nextNumber(tx, "invoice"));
    await expect(
      inTenant(async (tx) => {
        await nextNumber(tx, "invoice");
        throw new Error("the document failed");
      }),
    ).rejects.toThrow("the document failed");
    const numbers = await Promise.all(Array.from({ length: 20 }, () => inTenant((tx) => nextNumber(tx, "invoice"))));
    const sequence = numbers.map((number) => Number(number.slice("INV-".length))).sort((a, b) => a - b);
    const start = Number(first.slice("INV-".length)) + 1;
    expect(sequence).toEqual(Array.from({ length: 20 }, (_, index) => start + index));
  });
});

async function balanceOf(purpose: string): Promise<number> {
  const balance = await inTenant((tx) =>
    tx.oneFirst(sql.type(z.object({ balance: z.string() }))`
      SELECT a.ledger_balance::text AS balance FROM posting_accounts p JOIN chart_of_accounts a ON a.id = p.account_id WHERE p.purpose = ${purpose}`),
  );
  return Number(balance);
}
