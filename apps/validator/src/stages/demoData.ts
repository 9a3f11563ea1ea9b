import { checkInvariants } from "@erp/erp";
import { demoDataPlan } from "@erp/seed";
import { type Tier, tiers } from "@erp/tenancy";
import pLimit from "p-limit";
import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import type { Progress, StageOutcome } from "../stage.ts";
import type { ValidationTenant } from "./provisioning.ts";

export type DemoDataData = {
  tiers: {
    tier: Tier;
    tenants: number;
    plannedRows: number;
    planned: Record<string, number>;
    offPlan: number;
    invariantFailures: number;
  }[];
  /** Tables shown per tier in the report: the business objects the tiers are described by. */
  highlights: string[];
};

const highlightTables = [
  "products",
  "product_variants",
  "customers",
  "orders",
  "inventory",
  "vendors",
  "purchase_orders",
  "journal_entries",
  "tax_invoices",
  "cms_pages",
  "dealers",
  "service_requests",
  "daily_sales",
  "employees",
];

const countRow = z.object({ table: z.string(), count: z.number() });

/**
 * Stage 4: each tenant holds exactly its tier's planned rows per table (from the seed package's
 * `demoDataPlan`), and passes every invariant check of the seed package.
 */
export async function demoDataStage(
  pool: DatabasePool,
  tenants: readonly ValidationTenant[],
  progress: Progress,
): Promise<StageOutcome<DemoDataData>> {
  const plans = new Map(tiers.map((tier) => [tier, demoDataPlan(tier) as Record<string, number>]));
  const problems: string[] = [];
  const offPlan = new Map<Tier, number>();
  const invariantFailures = new Map<Tier, number>();
  progress.start(tenants.length, "tenants");
  // Two at a time: the invariant queries scan every seeded table of a tenant.
  await pLimit(2).map(tenants, async (tenant) => {
    const plan = plans.get(tenant.tier)!;
    const counts = await pool.any(
      sql.type(countRow)`${sql.join(
        Object.keys(plan).map(
          (table) =>
            sql.fragment`SELECT ${table}::text AS table, count(*)::int AS count FROM ${sql.identifier([tenant.schemaName, table])}`,
        ),
        sql.fragment` UNION ALL `,
      )}`,
    );
    const wrong = counts.filter((row) => row.count !== plan[row.table]);
    if (wrong.length > 0) {
      offPlan.set(tenant.tier, (offPlan.get(tenant.tier) ?? 0) + 1);
      problems.push(
        `${tenant.slug} (${tenant.tier}): ${wrong.map((row) => `${row.table} has ${row.count} rows, planned ${plan[row.table]}`).join("; ")}`,
      );
    }
    const failed = (await checkInvariants(pool, tenant.schemaName)).filter((result) => !result.ok);
    if (failed.length > 0) {
      invariantFailures.set(tenant.tier, (invariantFailures.get(tenant.tier) ?? 0) + 1);
      problems.push(...failed.map((result) => `${tenant.slug} (${tenant.tier}): invariant "${result.name}" fails: ${result.detail}`));
    }
    progress.tick();
  });
  const data: DemoDataData = {
    tiers: tiers.map((tier) => {
      const planned = plans.get(tier)!;
      return {
        tier,
        tenants: tenants.filter((tenant) => tenant.tier === tier).length,
        plannedRows: Object.values(planned).reduce((sum, count) => sum + count, 0),
        planned,
        offPlan: offPlan.get(tier) ?? 0,
        invariantFailures: invariantFailures.get(tier) ?? 0,
      };
    }),
    highlights: highlightTables.filter((table) => [...plans.values()].some((plan) => plan[table] !== undefined)),
  };
  const perTier = data.tiers.map((tier) => `${tier.tier} ${tier.plannedRows.toLocaleString("en-US")}`).join(", ");
  const failing = new Set(problems.map((problem) => problem.split(" ")[0])).size;
  return {
    summary: `${tenants.length} tenants checked against their tier's plan (rows each: ${perTier}) and the seed's invariants; ${failing} tenants with problems`,
    problems,
    data,
  };
}
