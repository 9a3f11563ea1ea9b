import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import type { Tenant } from "@erp/tenancy";
import { type DatabaseTransactionConnection, sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { checkInvariants } from "../src/index.ts";
import { provisionWithDemoData } from "./helpers.ts";

/**
 * The books' rules live in the template (db/template/05_finance.sql): these tests break them the
 * way a person in psql would, as the tenant's own role, and the database refuses. The demo data
 * itself is written through the same triggers (provisioning commits with them in place).
 */
let db: TestDatabase;
let tenant: Tenant;
let accounts: { debit: string; credit: string };
let period: { id: string; start_date: string; end_date: string };
let entrySeq = 0;

const idRow = z.object({ id: z.uuid() });

beforeAll(async () => {
  db = await createTestDatabase();
  tenant = await provisionWithDemoData(db, "books", "growth");
  const schema = tenant.schemaName;
  const [debit, credit] = await db.pool.anyFirst(
    sql.type(
      z.object({ id: z.uuid() }),
    )`SELECT id FROM ${sql.identifier([schema, "chart_of_accounts"])} WHERE is_postable ORDER BY code LIMIT 2`,
  );
  accounts = { debit: debit as string, credit: credit as string };
  period = await db.pool.one(
    sql.type(z.object({ id: z.uuid(), start_date: z.string(), end_date: z.string() }))`
      SELECT id, start_date::text, end_date::text FROM ${sql.identifier([schema, "fiscal_periods"])}
      WHERE status = 'open' ORDER BY start_date DESC LIMIT 1`,
  );
});
afterAll(async () => db?.drop());

/** One transaction as the tenant's role, confined to its schema: what psql as that role can do. */
function asTenant<T>(work: (tx: DatabaseTransactionConnection) => Promise<T>): Promise<T> {
  return db.pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT set_config('search_path', ${tenant.schemaName}, true), set_config('role', ${tenant.roleName}, true)`);
    return work(tx);
  });
}

type Line = { debit?: string; credit?: string; rate?: string };

/** Inserts an entry with the given status and lines; returns its id. */
async function insertEntry(
  tx: DatabaseTransactionConnection,
  lines: Line[],
  options: { status?: string; periodId?: string; date?: string } = {},
): Promise<string> {
  entrySeq += 1;
  const entryId = await tx.oneFirst(sql.type(idRow)`
    INSERT INTO journal_entries (entry_number, fiscal_period_id, entry_date, description, status, posted_at)
    VALUES (${`TEST-${entrySeq}`}, ${options.periodId ?? period.id}, ${options.date ?? period.start_date}, 'test entry',
      ${options.status ?? "posted"}, now())
    RETURNING id`);
  for (const [index, line] of lines.entries()) {
    await tx.query(sql.unsafe`
      INSERT INTO journal_lines (journal_entry_id, line_number, account_id, debit, credit, exchange_rate)
      VALUES (${entryId}, ${index + 1}, ${line.debit ? accounts.debit : accounts.credit}, ${line.debit ?? "0"},
        ${line.credit ?? "0"}, ${line.rate ?? "1"})`);
  }
  return entryId;
}

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught as Error,
  );
  expect(error, "the database should have refused this").toBeInstanceOf(Error);
  const cause = (error as { cause?: { message?: string } }).cause;
  return `${(error as Error).message} ${cause?.message ?? ""}`;
}

describe("the books' rules, as the tenant role", () => {
  test("the demo data was written through the rules and its invariants hold", async () => {
    const posted = await db.pool.oneFirst(
      sql.type(
        z.object({ n: z.number() }),
      )`SELECT count(*)::int AS n FROM ${sql.identifier([tenant.schemaName, "journal_entries"])} WHERE status = 'posted'`,
    );
    expect(posted).toBeGreaterThan(0);
    const failures = (await checkInvariants(db.pool, tenant.schemaName)).filter((result) => !result.ok);
    expect(failures).toEqual([]);
  });

  test("a balanced entry posts, with its lines written in the posting transaction", async () => {
    const id = await asTenant((tx) => insertEntry(tx, [{ debit: "100.00" }, { credit: "60.00" }, { credit: "40.00" }]));
    const stamped = await db.pool.oneFirst(
      sql.type(
        z.object({ stamped: z.boolean() }),
      )`SELECT posted_xact IS NOT NULL AS stamped FROM ${sql.identifier([tenant.schemaName, "journal_entries"])} WHERE id = ${id}`,
    );
    expect(stamped).toBe(true);
  });

  test("an unbalanced posted entry cannot commit", async () => {
    const message = await refusal(asTenant((tx) => insertEntry(tx, [{ debit: "100.00" }, { credit: "90.00" }])));
    expect(message).toMatch(/does not balance: debits 100\.0000 and credits 90\.0000/);
  });

  test("a posted entry of one line cannot commit, nor can one whose lines are removed before commit", async () => {
    expect(await refusal(asTenant((tx) => insertEntry(tx, [{ debit: "0.01" }])))).toMatch(/does not balance/);
    const removed = asTenant(async (tx) => {
      const id = await insertEntry(tx, [{ debit: "5" }, { credit: "5" }]);
      await tx.query(sql.unsafe`DELETE FROM journal_lines WHERE journal_entry_id = ${id} AND line_number = 2`);
    });
    expect(await refusal(removed)).toMatch(/does not balance/);
  });

  test("balance is checked in base currency: amount times rate", async () => {
    // 100 EUR at 1.1 = 110 base against 110 base: balances although the amounts differ.
    await asTenant((tx) => insertEntry(tx, [{ debit: "100.00", rate: "1.1" }, { credit: "110.00" }]));
    const message = await refusal(asTenant((tx) => insertEntry(tx, [{ debit: "100.00", rate: "1.1" }, { credit: "100.00" }])));
    expect(message).toMatch(/does not balance: debits 110\.0000 and credits 100\.0000/);
  });

  test("a posted entry cannot be edited or deleted once committed, nor can its lines or ledger rows", async () => {
    const id = await asTenant((tx) => insertEntry(tx, [{ debit: "20" }, { credit: "20" }]));
    const frozen = /is posted/;
    expect(
      await refusal(asTenant((tx) => tx.query(sql.unsafe`UPDATE journal_entries SET description = 'edited' WHERE id = ${id}`))),
    ).toMatch(frozen);
    expect(await refusal(asTenant((tx) => tx.query(sql.unsafe`UPDATE journal_entries SET status = 'draft' WHERE id = ${id}`)))).toMatch(
      frozen,
    );
    expect(await refusal(asTenant((tx) => tx.query(sql.unsafe`DELETE FROM journal_entries WHERE id = ${id}`)))).toMatch(frozen);
    expect(
      await refusal(
        asTenant((tx) => tx.query(sql.unsafe`UPDATE journal_lines SET debit = 25 WHERE journal_entry_id = ${id} AND debit > 0`)),
      ),
    ).toMatch(frozen);
    expect(await refusal(asTenant((tx) => tx.query(sql.unsafe`DELETE FROM journal_lines WHERE journal_entry_id = ${id}`)))).toMatch(frozen);
    const addLine = asTenant((tx) =>
      tx.query(sql.unsafe`
        INSERT INTO journal_lines (journal_entry_id, line_number, account_id, debit) VALUES (${id}, 9, ${accounts.debit}, 1)`),
    );
    expect(await refusal(addLine)).toMatch(frozen);
    // The seed's ledger rows are frozen with their entries too.
    const ledgerEdit = asTenant((tx) => tx.query(sql.unsafe`UPDATE general_ledger SET running_balance = running_balance + 1`));
    expect(await refusal(ledgerEdit)).toMatch(frozen);
  });

  test("the one change a posted entry takes is being marked reversed, touching nothing else", async () => {
    const id = await asTenant((tx) => insertEntry(tx, [{ debit: "30" }, { credit: "30" }]));
    const sneaky = asTenant((tx) =>
      tx.query(sql.unsafe`UPDATE journal_entries SET status = 'reversed', description = 'x' WHERE id = ${id}`),
    );
    expect(await refusal(sneaky)).toMatch(/is posted and cannot be changed/);
    await asTenant(async (tx) => {
      await insertEntry(tx, [{ credit: "30" }, { debit: "30" }]);
      await tx.query(sql.unsafe`UPDATE journal_entries SET status = 'reversed' WHERE id = ${id}`);
    });
  });

  test("callers cannot forge the posting transaction to unfreeze an entry", async () => {
    const id = await asTenant((tx) => insertEntry(tx, [{ debit: "7" }, { credit: "7" }]));
    const forged = asTenant((tx) =>
      tx.query(sql.unsafe`UPDATE journal_entries SET posted_xact = pg_current_xact_id(), description = 'x' WHERE id = ${id}`),
    );
    expect(await refusal(forged)).toMatch(/is posted and cannot be changed/);
    // A draft inserted with a forged stamp is stamped by the database, not the caller.
    const draft = await asTenant(async (tx) => {
      const draftId = await insertEntry(tx, [{ debit: "7" }, { credit: "7" }], { status: "draft" });
      await tx.query(sql.unsafe`UPDATE journal_entries SET posted_xact = '1' WHERE id = ${draftId}`);
      return draftId;
    });
    const stamp = await db.pool.oneFirst(
      sql.type(
        z.object({ posted_xact: z.string().nullable() }),
      )`SELECT posted_xact::text FROM ${sql.identifier([tenant.schemaName, "journal_entries"])} WHERE id = ${draft}`,
    );
    expect(stamp).toBeNull();
  });

  test("drafts stay editable and deletable; ledger rows are refused for them", async () => {
    const id = await asTenant((tx) => insertEntry(tx, [{ debit: "3" }], { status: "draft" }));
    await asTenant(async (tx) => {
      await tx.query(sql.unsafe`UPDATE journal_lines SET debit = 4 WHERE journal_entry_id = ${id}`);
      await tx.query(sql.unsafe`UPDATE journal_entries SET description = 'still a draft' WHERE id = ${id}`);
    });
    const ledger = asTenant(async (tx) => {
      const lineId = await tx.oneFirst(sql.type(idRow)`SELECT id FROM journal_lines WHERE journal_entry_id = ${id}`);
      await tx.query(sql.unsafe`
        INSERT INTO general_ledger (account_id, journal_entry_id, journal_line_id, fiscal_period_id, entry_date, debit, running_balance)
        VALUES (${accounts.debit}, ${id}, ${lineId}, ${period.id}, ${period.start_date}, 4, 4)`);
    });
    expect(await refusal(ledger)).toMatch(/is a draft: only posted entries reach the general ledger/);
    await asTenant((tx) => tx.query(sql.unsafe`DELETE FROM journal_entries WHERE id = ${id}`));
  });

  test("posting into a closed period, or on a date outside the entry's period, is refused", async () => {
    const outside = asTenant((tx) => insertEntry(tx, [{ debit: "1" }, { credit: "1" }], { date: "1999-01-01" }));
    expect(await refusal(outside)).toMatch(/lies outside its fiscal period/);

    const closed = await db.pool.one(
      sql.type(z.object({ id: z.uuid(), start_date: z.string() }))`
        SELECT id, start_date::text FROM ${sql.identifier([tenant.schemaName, "fiscal_periods"])}
        WHERE status = 'open' AND id <> ${period.id} ORDER BY start_date LIMIT 1`,
    );
    await asTenant((tx) => tx.query(sql.unsafe`UPDATE fiscal_periods SET status = 'closed', closed_at = now() WHERE id = ${closed.id}`));
    const intoClosed = asTenant((tx) =>
      insertEntry(tx, [{ debit: "1" }, { credit: "1" }], { periodId: closed.id, date: closed.start_date }),
    );
    expect(await refusal(intoClosed)).toMatch(/its fiscal period is not open/);
    // A draft may sit in a closed period; posting it is what is refused.
    const draftId = await asTenant((tx) =>
      insertEntry(tx, [{ debit: "1" }, { credit: "1" }], { periodId: closed.id, date: closed.start_date, status: "draft" }),
    );
    const posting = asTenant((tx) =>
      tx.query(sql.unsafe`UPDATE journal_entries SET status = 'posted', posted_at = now() WHERE id = ${draftId}`),
    );
    expect(await refusal(posting)).toMatch(/its fiscal period is not open/);
  });

  test("the tenant role cannot switch the rules off", async () => {
    const disable = asTenant((tx) => tx.query(sql.unsafe`ALTER TABLE journal_entries DISABLE TRIGGER journal_entries_balanced`));
    expect(await refusal(disable)).toMatch(/must be owner|permission denied/);
    const replica = asTenant((tx) => tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`));
    expect(await refusal(replica)).toMatch(/permission denied/);
  });
});
