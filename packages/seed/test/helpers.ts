import type { TestDatabase } from "@erp/db/testing";
import { type DemoDataSeeder, provisionTenant, type Tier } from "@erp/tenancy";
import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import { seedDemoData } from "../src/index.ts";

export async function provisionWithDemoData(
  db: TestDatabase,
  name: string,
  tier: Tier,
  options: { demoDataSeed?: string; seedDemoData?: boolean; seeder?: DemoDataSeeder } = {},
) {
  const { tenant } = await provisionTenant(
    db.platform,
    {
      slug: db.slug(name),
      tier,
      admin: { email: "admin@example.com", password: "correct horse battery" },
      seedDemoData: options.seedDemoData ?? true,
      demoDataSeed: options.demoDataSeed,
    },
    { seeder: options.seeder ?? seedDemoData },
  );
  return tenant;
}

/** Exact row counts of every table in a schema, in one query. */
export async function tableCounts(connection: CommonQueryMethods, schemaName: string): Promise<Record<string, number>> {
  const rows = await connection.any(sql.type(z.object({ table_name: z.string(), rows: z.number() }))`
    SELECT table_name::text,
      (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text::integer AS rows
    FROM information_schema.tables
    WHERE table_schema = ${schemaName} AND table_type = 'BASE TABLE'`);
  return Object.fromEntries(rows.map((row) => [row.table_name, row.rows]));
}

/**
 * A table's rows as JSON in id order, with references to the books every tenant gets from
 * set_up_books (fresh ids per tenant) read as their codes, and without the posting transaction's
 * id: what the seed wrote, comparable across tenants.
 */
export async function seededRows(connection: CommonQueryMethods, schemaName: string, table: string): Promise<readonly unknown[]> {
  const t = (name: string) => sql.identifier([schemaName, name]);
  return connection.anyFirst(sql.type(z.object({ row: z.unknown() }))`
    SELECT to_jsonb(r) - 'account_id' - 'fiscal_period_id' - 'journal_id' - 'posted_xact'
      || jsonb_build_object(
        'account', (SELECT code FROM ${t("chart_of_accounts")} WHERE id::text = to_jsonb(r)->>'account_id'),
        'fiscal_period', (SELECT name FROM ${t("fiscal_periods")} WHERE id::text = to_jsonb(r)->>'fiscal_period_id'),
        'journal', (SELECT code FROM ${t("journals")} WHERE id::text = to_jsonb(r)->>'journal_id')) AS row
    FROM ${t(table)} r ORDER BY id`);
}
