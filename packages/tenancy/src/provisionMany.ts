import type { Platform } from "@erp/db";
import pLimit from "p-limit";
import type { ProvisionInput } from "./inputs.ts";
import { type ProvisionedTenant, type ProvisionOptions, provisionTenant } from "./provisionTenant.ts";

export type BulkResult =
  | { ok: true; slug: string; ms: number; provisioned: ProvisionedTenant }
  | { ok: false; slug: string; ms: number; error: Error };

export type ProvisionManyOptions = ProvisionOptions & {
  /** Tenants built at once (default 2: the best throughput on 2 cores, docs/performance.md). */
  concurrency?: number;
  /** Called as each tenant finishes, success or failure. */
  onResult?: (result: BulkResult) => void;
};

/**
 * Provisions many tenants, `concurrency` at a time, each in its own transaction (so one failure
 * costs only that tenant). Never throws for a tenant's failure: results say what failed and why.
 */
export async function provisionMany(
  platform: Pick<Platform, "pool" | "templateVersion">,
  inputs: readonly ProvisionInput[],
  options: ProvisionManyOptions = {},
): Promise<BulkResult[]> {
  const limit = pLimit(Math.max(1, options.concurrency ?? 2));
  return limit.map(inputs, async (input) => {
    const started = performance.now();
    let result: BulkResult;
    try {
      const provisioned = await provisionTenant(platform, input, options);
      result = { ok: true, slug: input.slug, ms: performance.now() - started, provisioned };
    } catch (error) {
      result = { ok: false, slug: String(input.slug), ms: performance.now() - started, error: error as Error };
    }
    options.onResult?.(result);
    return result;
  });
}
