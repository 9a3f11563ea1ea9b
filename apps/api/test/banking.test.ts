import type { ErpClient } from "@erp/client";
import { findPgError } from "@erp/db";
import { tenantNames } from "@erp/tenancy";
import { type DatabaseTransactionConnection, sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { bankLedgerAccountId, invoicedOrder, paidInFull, today } from "./support/banking.ts";
import { expectStockRulesHold } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { openShop, type Shop } from "./support/fixtures.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Banking over the typed client: bank accounts, statement import (CSV and rows, bad rows, re-import),
 * matching lines to receipts and other postings on the bank's ledger account (auto, one to many,
 * unmatch), a bank fee posted from its line, the balances; the database's own refusals; the tier
 * gate and other tenants' rows.
 */
let api: TestApi;
let tenant: TestTenant;
let client: ErpClient;
let shop: Shop;
let bankId: string;
let ledgerAccountId: string;

function inTenant<T>(work: (tx: DatabaseTransactionConnection) => Promise<T>): Promise<T> {
  return api.platform.pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT set_config('search_path', ${tenantNames(tenant.slug).schemaName}, true)`);
    return work(tx);
  });
}

const d = today();

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("banking", "growth");
  client = tenant.client;
  shop = await openShop(client, "BNK", 40);
  ledgerAccountId = await bankLedgerAccountId(client);
});
afterAll(async () => api?.close());

describe("bank accounts", () => {
  test("a bank account posts through a postable bank or cash asset account", async () => {
    const revenue = (await client.finance.accounts.list.query({ search: "4000" })).items.find((a) => a.code === "4000");
    const refused = await expectCode(
      client.finance.bankAccounts.create.mutate({
        account_id: revenue?.id ?? "",
        name: "Wrong",
        bank_name: "First Bank",
        account_number: "000-1",
      }),
      "BAD_REQUEST",
    );
    expect(refused).toMatch(/account_id: account 4000 is not a postable bank or cash asset account/);
    const bank = await client.finance.bankAccounts.create.mutate({
      account_id: ledgerAccountId,
      name: "Operating",
      bank_name: "First Bank",
      account_number: "111-222",
      opening_balance: "1000",
    });
    bankId = bank.id;
    expect(bank.opening_balance).toBe("1000.0000");
    expect((await client.finance.bankAccounts.get.query({ id: bankId })).name).toBe("Operating");
    expect((await client.finance.bankAccounts.list.query({ search: "operat" })).items.map((b) => b.id)).toEqual([bankId]);
    const renamed = await client.finance.bankAccounts.update.mutate({ id: bankId, patch: { branch: "Main street" } });
    expect(renamed.branch).toBe("Main street");
  });
});

describe("statement import", () => {
  test("bad rows are all named with their row number, and nothing is imported", async () => {
    const csv = [
      "Date,Description,Reference,Amount,Balance",
      `${d},Opening deposit,DEP-1,500,1500`,
      `${d},Broken amount,X-1,12,5x,`,
      `2026-02-30,Bad date,X-2,10,`,
      `${d},Both,X-3,,`,
      `${d},Wrong balance,X-4,-20,1400`,
    ].join("\n");
    const message = await expectCode(client.finance.bankStatements.import.mutate({ bank_account_id: bankId, csv }), "BAD_REQUEST");
    expect(message).toMatch(/not valid CSV/);

    const rowsCsv = [
      "date,description,reference,amount,balance",
      `${d},Opening deposit,DEP-1,500,1500`,
      `${d},Wrong balance,X-4,-20,1400`,
      `${d},Broken amount,X-1,12.5x,`,
      `2026-02-30,Bad date,X-2,10,`,
      `${d},No amount,X-3,,`,
    ].join("\n");
    const bad = await expectCode(client.finance.bankStatements.import.mutate({ bank_account_id: bankId, csv: rowsCsv }), "BAD_REQUEST");
    expect(bad).toMatch(/4 rows are wrong/);
    expect(bad).toMatch(/row 3: balance 1400\.0000 is not the previous row's balance 1500\.0000 plus the amount -20\.0000/);
    expect(bad).toMatch(/row 4: amount '12\.5x' is not a number/);
    expect(bad).toMatch(/row 5: date '2026-02-30' is not a calendar date/);
    expect(bad).toMatch(/row 6: amount is missing/);
    expect(bad).not.toMatch(/row 2:/);
    expect((await client.finance.bankLines.list.query({ bank_account_id: bankId })).items).toEqual([]);
    expect((await client.finance.bankStatements.list.query({ bank_account_id: bankId })).items).toEqual([]);

    const listed = await expectCode(
      client.finance.bankStatements.import.mutate({
        bank_account_id: bankId,
        rows: [
          { date: d, amount: "10", debit: "10" },
          { date: d, debit: "5", credit: "5" },
        ],
      }),
      "BAD_REQUEST",
    );
    expect(listed).toMatch(/row 1: give either amount or debit\/credit/);
    expect(listed).toMatch(/row 2: give a debit \(money out\) or a credit \(money in\), not both/);
  });

  test("a closing balance the lines do not reach is refused", async () => {
    const message = await expectCode(
      client.finance.bankStatements.import.mutate({ bank_account_id: bankId, rows: [{ date: d, amount: "5" }], closing_balance: "2000" }),
      "BAD_REQUEST",
    );
    expect(message).toMatch(/closing_balance: the statement closes at 2000\.0000, but .* comes to 1005\.0000/);
  });
});

describe("reconciliation", () => {
  const receipts: { id: string; amount: string; journal_entry_id: string; reference: string | null }[] = [];

  test("importing, re-importing and an overlapping statement add each line once", async () => {
    for (const [quantity, reference] of [
      [1, "CUST-PAY-A1"],
      [2, "CUST-PAY-B2"],
      [3, "CUST-PAY-C3"],
      [4, "CUST-PAY-D4"],
    ] as const) {
      const invoice = await invoicedOrder(client, shop, quantity);
      receipts.push(await paidInFull(client, shop, invoice, reference));
    }
    // 12.50 and 25.00 arrive one by one; 37.50 + 50.00 arrive as one deposit; a fee of 3.
    const csv = [
      "date,description,reference,debit,credit,balance",
      `${d},Transfer from customer,CUST-PAY-A1,,12.50,1012.50`,
      `${d},Transfer from customer,CUST-PAY-B2,,25.00,1037.50`,
      `${d},Account fee,,3.00,,1034.50`,
      `${d},Deposit (two payments),DEP-77,,87.50,1122.00`,
    ].join("\n");
    const first = await client.finance.bankStatements.import.mutate({ bank_account_id: bankId, csv });
    expect([first.imported, first.duplicates]).toEqual([4, 0]);
    expect(first.statement.opening_balance).toBe("1000.0000");
    expect(first.statement.closing_balance).toBe("1122.0000");

    const again = await client.finance.bankStatements.import.mutate({ bank_account_id: bankId, csv });
    expect([again.imported, again.duplicates]).toEqual([0, 4]);
    const overlapping = await client.finance.bankStatements.import.mutate({
      bank_account_id: bankId,
      rows: [
        { date: d, description: "Deposit (two payments)", reference: "DEP-77", amount: "87.50", balance: "1122.00" },
        { date: d, description: "Interest", reference: "INT-1", amount: 0.75, balance: "1122.75" },
      ],
    });
    expect([overlapping.imported, overlapping.duplicates]).toEqual([1, 1]);
    const lines = await client.finance.bankLines.list.query({ bank_account_id: bankId });
    expect(lines.items.map((line) => line.amount).sort()).toEqual(["-3.0000", "0.7500", "12.5000", "25.0000", "87.5000"]);
    // The database keeps one line per content key, whoever writes.
    await expect(
      inTenant((tx) =>
        tx.query(sql.unsafe`INSERT INTO bank_transactions (bank_account_id, transaction_date, amount, external_id)
          SELECT bank_account_id, transaction_date, amount, external_id FROM bank_transactions LIMIT 1`),
      ),
    ).rejects.toThrow(/unique/);
  });

  test("auto-match pairs the receipts the bank names by reference, and leaves the deposit of two", async () => {
    const result = await client.finance.bankAccounts.autoMatch.mutate({ id: bankId });
    expect(result.examined).toBe(5);
    expect(result.matched.map((match) => match.journal_entry_id).sort()).toEqual(
      [receipts[0]?.journal_entry_id, receipts[1]?.journal_entry_id].sort(),
    );
    const matched = await client.finance.bankLines.list.query({ bank_account_id: bankId, status: "matched" });
    expect(matched.items.map((line) => line.amount).sort()).toEqual(["12.5000", "25.0000"]);
    // Running it again finds nothing new.
    expect((await client.finance.bankAccounts.autoMatch.mutate({ id: bankId })).matched).toEqual([]);
  });

  test("the ledger rows no line is matched to are listed for matching by hand", async () => {
    const open = await client.finance.bankAccounts.unmatchedEntries.query({ id: bankId, limit: 1 });
    expect(open.items.map((row) => [row.journal_entry_id, row.amount, row.source_type])).toEqual([
      [receipts[2]?.journal_entry_id, "37.5000", "payment_receipt"],
    ]);
    const rest = await client.finance.bankAccounts.unmatchedEntries.query({ id: bankId, cursor: open.nextCursor ?? undefined });
    expect([rest.items.map((row) => row.reference), rest.nextCursor]).toEqual([["CUST-PAY-D4"], null]);
  });

  test("one line matches several entries whose sum is its amount; a wrong sum or a matched entry is refused", async () => {
    const deposit = await lineOf("87.5000");
    const [, , third, fourth, , first] = [...receipts, undefined, receipts[0]];
    const wrongSum = await expectCode(
      client.finance.bankLines.match.mutate({ id: deposit, journal_entry_ids: [third?.journal_entry_id ?? ""] }),
      "BAD_REQUEST",
    );
    expect(wrongSum).toMatch(/moved 37\.5000 through the bank account, not the line's amount 87\.5000/);
    const taken = await expectCode(
      client.finance.bankLines.match.mutate({
        id: deposit,
        journal_entry_ids: [third?.journal_entry_id ?? "", first?.journal_entry_id ?? ""],
      }),
      "CONFLICT",
    );
    expect(taken).toMatch(/already matched/);
    const line = await client.finance.bankLines.match.mutate({
      id: deposit,
      journal_entry_ids: [third?.journal_entry_id ?? "", fourth?.journal_entry_id ?? ""],
    });
    expect(line.status).toBe("matched");
    expect(line.matches.map((match) => match.amount).sort()).toEqual(["37.5000", "50.0000"]);
    await expectCode(
      client.finance.bankLines.match.mutate({ id: deposit, journal_entry_ids: [third?.journal_entry_id ?? ""] }),
      "CONFLICT",
    );
  });

  test("unmatch frees the line and its entries", async () => {
    const deposit = await lineOf("87.5000");
    const freed = await client.finance.bankLines.unmatch.mutate({ id: deposit });
    expect([freed.status, freed.matches]).toEqual(["unreconciled", []]);
    await expectCode(client.finance.bankLines.unmatch.mutate({ id: deposit }), "CONFLICT");
    const balances = await client.finance.bankAccounts.balances.query({ id: bankId });
    expect(balances.unreconciled_lines).toEqual({ count: 3, total: "85.2500" });
    const again = await client.finance.bankLines.match.mutate({
      id: deposit,
      journal_entry_ids: [receipts[3]?.journal_entry_id ?? "", receipts[2]?.journal_entry_id ?? ""],
    });
    expect(again.status).toBe("matched");
  });

  test("a fee line posts its entry (Dr bank fees / Cr bank) and is matched to it at once", async () => {
    const fee = await lineOf("-3.0000");
    const wrongKind = await expectCode(client.finance.bankLines.post.mutate({ id: fee, kind: "interest" }), "BAD_REQUEST");
    expect(wrongKind).toMatch(/kind: .* takes money out/);
    const posted = await client.finance.bankLines.post.mutate({ id: fee, kind: "bank_fee" });
    expect(posted.status).toBe("matched");
    expect(posted.journal_entry_id).not.toBeNull();
    const entry = await client.finance.entries.get.query({ id: posted.journal_entry_id ?? "" });
    expect(entry.status).toBe("posted");
    const postings = await inTenant((tx) =>
      tx.any(sql.type(z.object({ code: z.string(), debit: z.string(), credit: z.string() }))`
        SELECT a.code, l.debit::text AS debit, l.credit::text AS credit FROM journal_lines l
        JOIN chart_of_accounts a ON a.id = l.account_id WHERE l.journal_entry_id = ${entry.id} ORDER BY l.line_number`),
    );
    expect(postings.map((row) => [row.code, row.debit, row.credit])).toEqual([
      ["6200", "3.0000", "0.0000"],
      ["1010", "0.0000", "3.0000"],
    ]);
    await expectCode(client.finance.bankLines.post.mutate({ id: fee, kind: "bank_fee" }), "CONFLICT");
    const interest = await lineOf("0.7500");
    expect((await client.finance.bankLines.post.mutate({ id: interest, kind: "interest" })).status).toBe("matched");
  });

  test("with every line matched, the reconciled balance equals the statement and the matched ledger rows", async () => {
    const balances = await client.finance.bankAccounts.balances.query({ id: bankId });
    expect(balances.unreconciled_lines).toEqual({ count: 0, total: "0.0000" });
    expect(balances.statement_balance).toBe("1122.7500");
    expect(balances.reconciled_balance).toBe("1122.7500");
    expect(balances.reconciled_ledger_balance).toBe("1122.7500");
    expect(balances.last_statement_closing_balance).toBe("1122.7500");
    // The ledger moved 122.75 through 1010 (receipts 125.00, fee -3.00, interest 0.75), all matched.
    expect(balances.ledger_balance).toBe("122.7500");
    expect(balances.unmatched_ledger).toEqual({ count: 0, total: "0.0000" });
    await expectStockRulesHold(api, tenant.slug);
  });

  test("the database refuses a ledger row matched twice, a match whose sum differs, and edits of imported lines", async () => {
    const twice = inTenant((tx) =>
      tx.query(sql.unsafe`
        INSERT INTO bank_transaction_matches (bank_transaction_id, general_ledger_id, journal_entry_id, amount)
        SELECT bank_transaction_id, general_ledger_id, journal_entry_id, amount FROM bank_transaction_matches LIMIT 1`),
    );
    expect(await refusal(twice)).toMatch(/bank_transaction_matches_general_ledger_id_key/);
    const deposit = await lineOf("87.5000");
    const partial = inTenant((tx) =>
      tx.query(sql.unsafe`DELETE FROM bank_transaction_matches WHERE id = (
        SELECT id FROM bank_transaction_matches WHERE bank_transaction_id = ${deposit} ORDER BY id LIMIT 1)`),
    );
    expect(await refusal(partial)).toMatch(
      /has 1 matched ledger rows adding up to 37\.5000|has 1 matched ledger rows adding up to 50\.0000/,
    );
    const edited = inTenant((tx) => tx.query(sql.unsafe`UPDATE bank_transactions SET amount = 1 WHERE id = ${deposit}`));
    expect(await refusal(edited)).toMatch(/was imported from the bank and cannot be changed/);
    const otherAccount = inTenant((tx) => tx.query(sql.unsafe`UPDATE bank_accounts SET opening_balance = 5 WHERE id = ${bankId}`));
    expect(await refusal(otherAccount)).toMatch(/opening balance cannot change/);
    await expectStockRulesHold(api, tenant.slug);
  });
});

/** The database's own message (and constraint) of a refused statement. */
async function refusal(query: Promise<unknown>): Promise<string> {
  const error = await query.then(
    () => new Error("the database accepted it"),
    (caught: unknown) => caught,
  );
  const pg = findPgError(error);
  return pg ? `${pg.constraint ?? ""}: ${pg.message}` : String(error);
}

async function lineOf(amount: string): Promise<string> {
  const lines = await client.finance.bankLines.list.query({ bank_account_id: bankId, limit: 100 });
  const line = lines.items.find((item) => item.amount === amount);
  if (!line) throw new Error(`No line of ${amount}.`);
  return line.id;
}

describe("tiers and tenants", () => {
  test("a starter tenant gets FORBIDDEN from every banking procedure", async () => {
    const starter = (await api.provision("bankstarter", "starter")).client;
    const some = "00000000-0000-7000-8000-000000000000";
    const calls: (() => Promise<unknown>)[] = [
      () => starter.finance.bankAccounts.list.query({}),
      () => starter.finance.bankAccounts.get.query({ id: some }),
      () => starter.finance.bankAccounts.create.mutate({ account_id: some, name: "X", bank_name: "Y", account_number: "1" }),
      () => starter.finance.bankAccounts.update.mutate({ id: some, patch: { name: "X" } }),
      () => starter.finance.bankAccounts.balances.query({ id: some }),
      () => starter.finance.bankAccounts.autoMatch.mutate({ id: some }),
      () => starter.finance.bankAccounts.unmatchedEntries.query({ id: some }),
      () => starter.finance.bankStatements.import.mutate({ bank_account_id: some, rows: [{ date: d, amount: "1" }] }),
      () => starter.finance.bankStatements.list.query({}),
      () => starter.finance.bankStatements.get.query({ id: some }),
      () => starter.finance.bankLines.list.query({ bank_account_id: some }),
      () => starter.finance.bankLines.get.query({ id: some }),
      () => starter.finance.bankLines.match.mutate({ id: some, journal_entry_ids: [some] }),
      () => starter.finance.bankLines.unmatch.mutate({ id: some }),
      () => starter.finance.bankLines.post.mutate({ id: some, kind: "bank_fee" }),
    ];
    for (const call of calls) expect(await expectCode(call(), "FORBIDDEN")).toMatch(/finance/);
  });

  test("another tenant cannot see or change this tenant's bank accounts, statements or lines", async () => {
    const other = (await api.provision("bankother", "growth")).client;
    const statement = (await client.finance.bankStatements.list.query({ bank_account_id: bankId })).items[0]?.id ?? "";
    const line = await lineOf("12.5000");
    const entry = await receipts0();
    const calls: (() => Promise<unknown>)[] = [
      () => other.finance.bankAccounts.get.query({ id: bankId }),
      () => other.finance.bankAccounts.update.mutate({ id: bankId, patch: { name: "Taken" } }),
      () => other.finance.bankAccounts.balances.query({ id: bankId }),
      () => other.finance.bankAccounts.autoMatch.mutate({ id: bankId }),
      () => other.finance.bankAccounts.unmatchedEntries.query({ id: bankId }),
      () => other.finance.bankStatements.import.mutate({ bank_account_id: bankId, rows: [{ date: d, amount: "1" }] }),
      () => other.finance.bankStatements.get.query({ id: statement }),
      () => other.finance.bankLines.get.query({ id: line }),
      () => other.finance.bankLines.match.mutate({ id: line, journal_entry_ids: [entry] }),
      () => other.finance.bankLines.unmatch.mutate({ id: line }),
      () => other.finance.bankLines.post.mutate({ id: line, kind: "interest" }),
      // The other tenant's own account cannot name this tenant's ledger account either.
      () => other.finance.bankAccounts.create.mutate({ account_id: ledgerAccountId, name: "X", bank_name: "Y", account_number: "9" }),
    ];
    for (const call of calls) await expectCode(call(), "NOT_FOUND");
    expect((await other.finance.bankStatements.list.query({})).items).toEqual([]);
    expect((await other.finance.bankLines.list.query({ bank_account_id: bankId })).items).toEqual([]);
    expect((await other.finance.bankAccounts.list.query({})).items).toEqual([]);
  });
});

async function receipts0(): Promise<string> {
  const page = await client.sales.receipts.list.query({ limit: 1 });
  return page.items[0]?.journal_entry_id ?? "";
}
