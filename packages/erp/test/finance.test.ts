import { apiDatabaseUrl, TenantPool, type TenantQueries, withTenantTransaction } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { provisionTenant, type Tenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { fromUnits, signedUnits, toUnits } from "../src/finance/amounts.ts";
import { type Actor, finance } from "../src/index.ts";

/**
 * The finance operations under concurrency, in their own transactions as the API runs them:
 * drafts posted at once take consecutive numbers, and two reversals of one entry race to one.
 */
let db: TestDatabase;
let tenant: Tenant;
let pool: TenantPool;
const actor: Actor = { userId: null, requestId: "finance-test" };
const today = new Date().toISOString().slice(0, 10);
let bank = "";
let capital = "";

const inTenant = <T>(work: (tx: TenantQueries) => Promise<T>) => withTenantTransaction(pool, tenant, work);
const draft = (amount: string) =>
  inTenant((tx) =>
    finance.createJournal(
      tx,
      {
        date: today,
        description: `Capital ${amount}`,
        lines: [
          { account_id: bank, debit: amount },
          { account_id: capital, credit: amount },
        ],
      },
      actor,
    ),
  );

beforeAll(async () => {
  db = await createTestDatabase();
  ({ tenant } = await provisionTenant(db.platform, {
    slug: db.slug("finance"),
    tier: "growth",
    admin: { email: "admin@example.com", password: "correct horse battery" },
  }));
  pool = await TenantPool.open(apiDatabaseUrl(db.url), { maxPoolSize: 8 });
  const ids = await inTenant((tx) =>
    tx.any(sql.type(z.object({ code: z.string(), id: z.uuid() }))`SELECT code, id FROM chart_of_accounts WHERE code IN ('1010', '3000')`),
  );
  bank = ids.find((row) => row.code === "1010")?.id ?? "";
  capital = ids.find((row) => row.code === "3000")?.id ?? "";
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe("posting drafts", () => {
  test("8 drafts posted at once take 8 consecutive JE numbers; a posting rolled back leaves no gap", async () => {
    const drafts = await Promise.all(Array.from({ length: 9 }, (_, index) => draft(`${index + 1}`)));
    const [abandoned, ...rest] = drafts;
    await expect(
      inTenant(async (tx) => {
        await finance.postJournal(tx, { id: abandoned?.id ?? "" }, actor);
        throw new Error("the request failed after posting");
      }),
    ).rejects.toThrow("the request failed after posting");
    const posted = await Promise.all(rest.map((entry) => inTenant((tx) => finance.postJournal(tx, { id: entry.id }, actor))));
    const numbers = posted.map((entry) => Number(entry.entry_number.slice("JE-".length))).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const ledger = await inTenant((tx) =>
      tx.oneFirst(sql.type(z.object({ rows: z.number() }))`SELECT count(*)::int AS rows FROM general_ledger`),
    );
    expect(ledger).toBe(16);
    const still = await inTenant((tx) => finance.getEntry(tx, abandoned?.id ?? ""));
    expect(still).toMatchObject({ status: "draft", entry_number: `DRAFT-${abandoned?.id}` });
  });

  test("two reversals of one entry at once: one posts, the other is refused in a sentence", async () => {
    const entry = await draft("40");
    await inTenant((tx) => finance.postJournal(tx, { id: entry.id }, actor));
    const outcomes = await Promise.allSettled([0, 1].map(() => inTenant((tx) => finance.reverseJournal(tx, { id: entry.id }, actor))));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected");
    expect(String((refused as PromiseRejectedResult).reason)).toMatch(/is already reversed by JE-\d+: an entry is reversed once\./);
    const reversals = await inTenant((tx) =>
      tx.oneFirst(sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM journal_entries WHERE reversal_of_id = ${entry.id}`),
    );
    expect(reversals).toBe(1);
    const trial = await inTenant((tx) => finance.trialBalanceAsOf(tx, {}));
    expect(trial.balanced).toBe(true);
  });
});

describe("amounts", () => {
  test("decimal text to ten-thousandths and back, exactly", () => {
    expect(toUnits("800.5", "x")).toBe(8_005_000n);
    expect(toUnits(undefined, "x")).toBe(0n);
    expect(fromUnits(toUnits("99999999999999.9999", "x") * 3n)).toBe("299999999999999.9997");
    expect(fromUnits(signedUnits("-0.0100"))).toBe("-0.0100");
    expect(() => toUnits("1.23456", "lines.2.debit")).toThrow(/^lines\.2\.debit: must be a decimal/);
  });
});
