import type { Platform } from "@erp/db";
import { formatMs, summarize } from "@erp/metrics";
import { type DemoDataSeeder, generatePassword, type ProvisionPhase, provisionMany, type Tier, tenantNames, tiers } from "@erp/tenancy";
import type { Progress, StageOutcome } from "../stage.ts";

/** A tenant this run provisioned, with the credentials the later stages log in with. */
export type ValidationTenant = {
  slug: string;
  tier: Tier;
  schemaName: string;
  roleName: string;
  email: string;
  password: string;
};

export type ProvisionedSample = {
  slug: string;
  tier: Tier;
  ok: boolean;
  ms: number;
  demoRows: number;
  timings: Partial<Record<ProvisionPhase, number>>;
  error?: string;
};

export type ProvisioningData = {
  concurrency: number;
  wallSeconds: number;
  tenantsPerSecond: number;
  perTenant: ReturnType<typeof summarize>;
  samples: ProvisionedSample[];
};

export const adminEmail = "admin@validate.test";

/** `count` tenants spread round-robin over the four tiers, slugs `<prefix><tier>_<n>`. */
export function planTenants(slugPrefix: string, count: number): ValidationTenant[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, index) => {
    const tier = tiers[index % tiers.length]!;
    const slug = `${slugPrefix}${tier}_${String(index + 1).padStart(width, "0")}`;
    return { slug, tier, ...tenantNames(slug), email: adminEmail, password: generatePassword() };
  });
}

/**
 * Stage 2: provisions every planned tenant with its tier's demo data through `provisionMany`,
 * the code path of `pnpm provision --count`, and measures each tenant and the whole batch.
 */
export async function provisioningStage(
  platform: Platform,
  planned: readonly ValidationTenant[],
  options: { concurrency: number; seeder: DemoDataSeeder },
  progress: Progress,
): Promise<StageOutcome<ProvisioningData> & { provisioned: ValidationTenant[] }> {
  progress.start(planned.length, "tenants");
  const started = performance.now();
  const results = await provisionMany(
    platform,
    planned.map((tenant) => ({
      slug: tenant.slug,
      tier: tenant.tier,
      admin: { email: tenant.email, password: tenant.password },
      seedDemoData: true,
    })),
    { concurrency: options.concurrency, seeder: options.seeder, onResult: () => progress.tick() },
  );
  const wallSeconds = (performance.now() - started) / 1000;

  const samples = results.map((result, index): ProvisionedSample => {
    const tier = planned[index]!.tier;
    return result.ok
      ? {
          slug: result.slug,
          tier,
          ok: true,
          ms: result.ms,
          demoRows: result.provisioned.demoData?.rows ?? 0,
          timings: result.provisioned.timings,
        }
      : { slug: result.slug, tier, ok: false, ms: result.ms, demoRows: 0, timings: {}, error: result.error.message };
  });
  const succeeded = new Set(samples.filter((sample) => sample.ok).map((sample) => sample.slug));
  const perTenant = summarize(samples.filter((sample) => sample.ok).map((sample) => sample.ms));
  const tenantsPerSecond = succeeded.size / wallSeconds;
  return {
    summary: `${succeeded.size}/${planned.length} tenants at concurrency ${options.concurrency} in ${wallSeconds.toFixed(1)} s (${tenantsPerSecond.toFixed(2)} tenants/s); per tenant p50 ${formatMs(perTenant.p50)}, p95 ${formatMs(perTenant.p95)}, max ${formatMs(perTenant.max)}`,
    problems: samples
      .filter((sample) => !sample.ok)
      .map((sample) => `Provisioning ${sample.slug} (${sample.tier}) failed: ${sample.error}`),
    data: { concurrency: options.concurrency, wallSeconds, tenantsPerSecond, perTenant, samples },
    provisioned: planned.filter((tenant) => succeeded.has(tenant.slug)),
  };
}
