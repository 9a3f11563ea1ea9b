import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";
import { builtTemplateVersion, templateSchema } from "./buildTemplate.ts";

/** Tables the demo data and the API name: the template must hold every one of them. */
export const requiredTables = [
  "users",
  "roles",
  "permissions",
  "role_permissions",
  "user_roles",
  "sessions",
  "audit_log",
  "products",
  "product_variants",
  "categories",
  "brands",
  "price_lists",
  "customers",
  "customer_addresses",
  "orders",
  "order_items",
  "inventory",
  "stock_items",
  "stock_movements",
  "warehouses",
  "zones",
  "bins",
  "vendors",
  "purchase_orders",
  "goods_receipt_notes",
  "vendor_invoices",
  "vendor_payments",
  "chart_of_accounts",
  "journal_entries",
  "general_ledger",
  "tax_invoices",
  "credit_notes",
  "payment_receipts",
  "bank_accounts",
  "bank_transactions",
  "bank_reconciliation",
  "channels",
  "dealers",
  "franchisees",
  "community_partners",
  "commissions",
  "service_requests",
  "technicians",
  "amc_contracts",
  "warranty_claims",
  "employees",
  "attendance",
  "payroll",
  "leaves",
  "cms_pages",
  "banners",
  "testimonials",
  "faqs",
  "forecasts",
  "demand_plans",
  "scenarios",
] as const;

export const minimumTableCount = 200;

export type TemplateReport = {
  version: string | null;
  tablesByModule: Record<string, number>;
  tableCount: number;
  missingTables: readonly string[];
  tablesWithoutPrimaryKey: readonly string[];
  unindexedForeignKeys: readonly string[];
  tablesWithRows: readonly string[];
  problems: string[];
};

const nameRow = z.object({ name: z.string() });
const filesRow = z.object({ files: z.array(z.object({ module: z.string(), tables: z.array(z.string()) })) });

/** Inspects `template_tenant`: table count per module, primary keys, FK indexes, and that it holds no rows. */
export async function checkTemplate(connection: CommonQueryMethods): Promise<TemplateReport> {
  const version = await builtTemplateVersion(connection);
  if (version === null) {
    return emptyReport(["template_tenant does not exist: run 'pnpm db:template'."]);
  }
  const tables = await connection.anyFirst(sql.type(nameRow)`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = ${templateSchema}::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`);
  const files = await connection.maybeOne(sql.type(filesRow)`SELECT files FROM platform.template_versions WHERE version = ${version}`);
  const tablesByModule: Record<string, number> = {};
  for (const file of files?.files ?? []) tablesByModule[file.module] = file.tables.length;

  const tablesWithoutPrimaryKey = await connection.anyFirst(sql.type(nameRow)`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = ${templateSchema}::regnamespace AND c.relkind IN ('r', 'p')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
    ORDER BY 1`);
  // An FK is indexed when some index starts with exactly its columns (in any order).
  const unindexedForeignKeys = await connection.anyFirst(sql.type(nameRow)`
    SELECT k.conrelid::regclass::text || ' (' || k.conname || ')' AS name
    FROM pg_constraint k
    WHERE k.connamespace = ${templateSchema}::regnamespace AND k.contype = 'f'
      AND NOT EXISTS (
        SELECT 1 FROM pg_index i
        WHERE i.indrelid = k.conrelid
          AND (i.indkey::int2[])[0:cardinality(k.conkey) - 1] @> k.conkey
          AND (i.indkey::int2[])[0:cardinality(k.conkey) - 1] <@ k.conkey)
    ORDER BY 1`);
  const tablesWithRows =
    tables.length === 0
      ? []
      : await connection.anyFirst(
          sql.type(nameRow)`${sql.join(
            tables.map(
              (name) => sql.fragment`SELECT ${name}::text AS name WHERE EXISTS (SELECT 1 FROM ${sql.identifier([templateSchema, name])})`,
            ),
            sql.fragment` UNION ALL `,
          )}`,
        );

  const present = new Set(tables);
  const missingTables = requiredTables.filter((name) => !present.has(name));
  const problems = [
    ...(tables.length < minimumTableCount
      ? [`template_tenant has ${tables.length} tables; at least ${minimumTableCount} are required.`]
      : []),
    ...missingTables.map((name) => `Missing required table ${name}.`),
    ...tablesWithoutPrimaryKey.map((name) => `Table ${name} has no primary key.`),
    ...unindexedForeignKeys.map((name) => `Foreign key ${name} has no index.`),
    ...tablesWithRows.map((name) => `Table ${name} holds rows; the template must be empty.`),
  ];
  return {
    version,
    tablesByModule,
    tableCount: tables.length,
    missingTables,
    tablesWithoutPrimaryKey,
    unindexedForeignKeys,
    tablesWithRows,
    problems,
  };
}

function emptyReport(problems: string[]): TemplateReport {
  return {
    version: null,
    tablesByModule: {},
    tableCount: 0,
    missingTables: [...requiredTables],
    tablesWithoutPrimaryKey: [],
    unindexedForeignKeys: [],
    tablesWithRows: [],
    problems,
  };
}
