import { InvalidInputError } from "@erp/db";
import { createTestDatabase, type TestDatabase } from "@erp/db/testing";
import { type Tenant, type Tier, tierModules, tiers } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { checkInvariants, demoDataPlan, invariants, seedDemoData, seedTablesByModule } from "../src/index.ts";
import { provisionWithDemoData, seededRows, tableCounts } from "./helpers.ts";

let db: TestDatabase;
const byTier = {} as Record<Tier, Tenant>;
const counts = {} as Record<Tier, Record<string, number>>;
let emptyCounts: Record<string, number>;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const tier of tiers) {
    byTier[tier] = await provisionWithDemoData(db, tier, tier);
    counts[tier] = await tableCounts(db.pool, byTier[tier].schemaName);
  }
  const empty = await provisionWithDemoData(db, "empty", "starter", { seedDemoData: false });
  emptyCounts = await tableCounts(db.pool, empty.schemaName);
});

afterAll(async () => {
  await db?.drop();
});

describe("seedDemoData", () => {
  it.each(tiers)("fills exactly the planned rows of a %s tenant and nothing else", (tier) => {
    const plan: Record<string, number> = demoDataPlan(tier);
    // Against a tenant provisioned without demo data: every difference is demo data, and it is the plan.
    const added = Object.fromEntries(Object.entries(counts[tier]).map(([table, rows]) => [table, rows - (emptyCounts[table] ?? 0)]));
    const expected = Object.fromEntries(Object.keys(added).map((table) => [table, plan[table] ?? 0]));
    expect(added).toEqual(expected);
    expect(Object.values(plan).every((rows) => rows > 0)).toBe(true);
  });

  // Reservations are what is still open on the base day (confirmed orders, by the tiers' order
  // shapes), not history: a bigger tier need not have more of them.
  const openOnTheDay = new Set(["stock_reservations"]);

  it("gives each tier everything the tier below has, table by table", () => {
    for (const [lower, higher] of tiers.slice(0, -1).map((tier, index) => [tier, tiers[index + 1] as Tier] as const)) {
      for (const [table, rows] of Object.entries(counts[lower])) {
        if (openOnTheDay.has(table)) continue;
        expect(counts[higher][table], `${table}: ${higher} vs ${lower}`).toBeGreaterThanOrEqual(rows);
      }
    }
  });

  it("leaves the tables of modules outside the tier empty", () => {
    for (const tier of tiers) {
      const unserved = Object.entries(seedTablesByModule).filter(([module]) => !tierModules[tier].includes(module as never));
      for (const [, tables] of unserved) for (const table of tables) expect(counts[tier][table], `${tier}: ${table}`).toBe(0);
    }
  });

  it("continues each numbering series after the documents it numbered, without gaps", async () => {
    const schema = byTier.enterprise.schemaName;
    const series = await db.pool.any(sql.type(z.object({ document_type: z.string(), next_number: z.number(), used: z.number() }))`
      SELECT s.document_type, s.next_number::integer AS next_number, count(d.number)::integer AS used
      FROM ${sql.identifier([schema, "document_series"])} s
      LEFT JOIN (
        SELECT 'journal' AS type, entry_number AS number FROM ${sql.identifier([schema, "journal_entries"])}
        UNION ALL SELECT 'invoice', invoice_number FROM ${sql.identifier([schema, "tax_invoices"])}
        UNION ALL SELECT 'shipment', shipment_number FROM ${sql.identifier([schema, "shipments"])}
        UNION ALL SELECT 'receipt', receipt_number FROM ${sql.identifier([schema, "payment_receipts"])}
        UNION ALL SELECT 'order', order_number FROM ${sql.identifier([schema, "orders"])}
      ) d ON d.type = s.document_type AND d.number ~ ('^' || s.prefix || '[0-9]{' || s.padding || '}$')
      WHERE s.is_default AND s.document_type IN ('journal', 'invoice', 'shipment', 'receipt', 'order')
      GROUP BY s.id ORDER BY s.document_type`);
    expect(series.map((row) => row.document_type)).toEqual(["invoice", "journal", "order", "receipt", "shipment"]);
    // Numbers 1..used, all in the series' format, and the series goes on at used + 1.
    for (const row of series) {
      expect(row.used, row.document_type).toBeGreaterThan(0);
      expect(row.next_number, row.document_type).toBe(row.used + 1);
    }
    const gaps = await db.pool.oneFirst(sql.type(z.object({ gaps: z.number() }))`
      SELECT count(*)::integer AS gaps FROM (
        SELECT substring(entry_number FROM 4)::integer AS n, row_number() OVER (ORDER BY entry_number) AS k
        FROM ${sql.identifier([schema, "journal_entries"])}
        UNION ALL SELECT substring(invoice_number FROM 5)::integer, row_number() OVER (ORDER BY invoice_number)
        FROM ${sql.identifier([schema, "tax_invoices"])}
        UNION ALL SELECT substring(shipment_number FROM 4)::integer, row_number() OVER (ORDER BY shipment_number)
        FROM ${sql.identifier([schema, "shipments"])}
        UNION ALL SELECT substring(receipt_number FROM 4)::integer, row_number() OVER (ORDER BY receipt_number)
        FROM ${sql.identifier([schema, "payment_receipts"])}
      ) numbered WHERE n <> k`);
    expect(gaps).toBe(0);
  });

  it.each(tiers)("keeps every invariant of a %s tenant", async (tier) => {
    const results = await checkInvariants(db.pool, byTier[tier].schemaName);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    // Every rule of the tier's modules ran (the rollup rules only where analytics is served).
    expect(results.map((result) => result.name)).toEqual(
      invariants.filter((invariant) => tierModules[tier].includes(invariant.module)).map((invariant) => invariant.name),
    );
  });

  it("is deterministic: the same seed gives identical rows, ids included, in another tenant; another seed differs", async () => {
    const first = await provisionWithDemoData(db, "same_a", "growth", { demoDataSeed: "acme-demo" });
    const second = await provisionWithDemoData(db, "same_b", "growth", { demoDataSeed: "acme-demo" });
    const other = await provisionWithDemoData(db, "other", "growth", { demoDataSeed: "globex-demo" });
    // The books' own rows (accounts, periods, journals) come from set_up_books with fresh ids: the
    // seed's rows are compared with those references read as codes (seededRows).
    for (const table of ["products", "orders", "order_items", "stock_movements", "journal_entries", "journal_lines", "general_ledger"]) {
      const rows = await seededRows(db.pool, first.schemaName, table);
      expect(rows.length, table).toBeGreaterThan(0);
      expect(await seededRows(db.pool, second.schemaName, table), table).toEqual(rows);
      const otherRows = await seededRows(db.pool, other.schemaName, table);
      expect(otherRows.length, table).toBe(rows.length);
      expect(otherRows, table).not.toEqual(rows);
    }
  });

  it("rolls the whole provisioning back when seeding fails", async () => {
    const failing = provisionWithDemoData(db, "failing", "enterprise", {
      seeder: async (tx, context) => {
        await seedDemoData(tx, context);
        throw new Error("the demo data broke");
      },
    });
    await expect(failing).rejects.toThrow("the demo data broke");
    const slug = db.slug("failing");
    const left = await db.pool.one(sql.type(z.object({ schemas: z.number(), roles: z.number(), tenants: z.number() }))`
      SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = ${`tenant_${slug}`})::integer AS schemas,
        (SELECT count(*) FROM pg_roles WHERE rolname = ${`tenant_${slug}_rw`})::integer AS roles,
        (SELECT count(*) FROM platform.tenants WHERE slug = ${slug})::integer AS tenants`);
    expect(left).toEqual({ schemas: 0, roles: 0, tenants: 0 });
  });

  it("refuses an unknown tier with a sentence naming the field", async () => {
    const schemaName = byTier.starter.schemaName;
    const seeding = db.pool.transaction((tx) => seedDemoData(tx, { slug: "x", schemaName, tier: "platinum" as Tier, seed: "x" }));
    await expect(seeding).rejects.toThrow(InvalidInputError);
    await expect(seeding).rejects.toThrow(/^tier must be one of starter, growth, professional, enterprise\.$/);
    expect(() => demoDataPlan("platinum")).toThrow(InvalidInputError);
  });
});

describe("checkInvariants", () => {
  /** Corrupts one row in a transaction that is rolled back, and returns the rules that failed. */
  /**
   * The invariants failing after one statement (rolled back). `bypassTriggers` plays a superuser who
   * switches the database's own rules off, to show the invariants still catch what slips past them.
   */
  async function failingAfter(
    statement: (table: (name: string) => ReturnType<typeof sql.identifier>) => ReturnType<typeof sql.unsafe>,
    options: { bypassTriggers?: boolean } = {},
  ) {
    const schemaName = byTier.enterprise.schemaName;
    const table = (name: string) => sql.identifier([schemaName, name]);
    let failed: string[] = [];
    const rollback = new Error("rollback");
    await db.pool
      .transaction(async (tx) => {
        if (options.bypassTriggers) await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
        const result = await tx.query(statement(table));
        expect(result.rowCount).toBe(1);
        failed = (await checkInvariants(tx, schemaName)).filter((check) => !check.ok).map((check) => check.name);
        throw rollback;
      })
      .catch((error) => {
        if (error !== rollback) throw error;
      });
    return failed;
  }

  it("detects stock on hand that its movements do not explain", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("inventory")} SET quantity_on_hand = quantity_on_hand + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("inventory")})`,
    );
    expect(failed).toContain("stock on hand equals the sum of its movements");
  });

  it("detects a journal entry that does not balance (the database refuses the edit unless its rules are bypassed)", async () => {
    const unbalance = (t: (name: string) => ReturnType<typeof sql.identifier>) =>
      sql.unsafe`UPDATE ${t("journal_lines")} SET debit = debit + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("journal_lines")} WHERE debit > 0)`;
    await expect(failingAfter(unbalance)).rejects.toThrow(/is posted: its journal lines cannot be changed/);
    const failed = await failingAfter(unbalance, { bypassTriggers: true });
    expect(failed).toEqual(expect.arrayContaining(["journal entries balance", "general ledger matches the posted journal lines"]));
  });

  it("detects a leave balance its accruals and approved leaves do not explain", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("leave_balances")} SET entitled = entitled + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("leave_balances")})`,
    );
    expect(failed).toEqual(["leave balances: entitled = Σ accruals, taken = Σ approved paid leave days of the year"]);
  });

  it("detects an order whose total is not the sum of its lines", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("orders")} SET subtotal = subtotal + 1, grand_total = grand_total + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("orders")})`,
    );
    expect(failed).toContain("order totals add up");
  });

  it("detects stock whose value the inventory account does not carry", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("inventory")} SET average_cost = average_cost + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("inventory")} WHERE quantity_on_hand > 0)`,
    );
    expect(failed).toEqual(["inventory in the ledger equals the stock on hand at average cost"]);
  });

  it("detects an invoice paid by more than its receipts allocate", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("receipt_allocations")} SET amount = amount - 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("receipt_allocations")})`,
    );
    expect(failed).toEqual(["invoice payments equal their receipt allocations", "receipts are allocated in full"]);
  });

  it("detects a document without its journal entry (a shipment that never reached the books)", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("journal_entries")} SET source_id = gen_random_uuid() WHERE id = (SELECT min(id::text)::uuid FROM ${t("journal_entries")} WHERE source_type = 'shipment')`,
      { bypassTriggers: true },
    );
    expect(failed).toEqual(["every shipment, invoice, credit note and receipt has its one journal entry"]);
  });

  it("detects an account whose kept balance its ledger rows do not explain", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("chart_of_accounts")} SET ledger_balance = ledger_balance + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("chart_of_accounts")} WHERE code = '1010')`,
    );
    expect(failed).toEqual(["account balances equal their ledger rows"]);
  });

  it("detects an order line whose invoiced quantity its invoices do not explain (beyond what shipped the database refuses)", async () => {
    const overInvoice = (t: (name: string) => ReturnType<typeof sql.identifier>) =>
      sql.unsafe`UPDATE ${t("order_items")} SET quantity_invoiced = quantity_shipped + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("order_items")} WHERE quantity_shipped > 0)`;
    await expect(failingAfter(overInvoice)).rejects.toThrow(/check integrity constraint/);
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("order_items")} SET quantity_invoiced = 0 WHERE id = (SELECT min(id::text)::uuid FROM ${t("order_items")} WHERE quantity_invoiced > 0)`,
    );
    expect(failed).toEqual(["order lines invoiced as their invoices say, never beyond what shipped"]);
  });

  it("detects a sales rollup that the orders do not support", async () => {
    const failed = await failingAfter(
      (t) =>
        sql.unsafe`UPDATE ${t("daily_sales")} SET orders_count = orders_count + 1 WHERE id = (SELECT min(id::text)::uuid FROM ${t("daily_sales")})`,
    );
    expect(failed).toEqual(["daily sales equal the orders of each day"]);
  });
});
