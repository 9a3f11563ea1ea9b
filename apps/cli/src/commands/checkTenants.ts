import { runCommand } from "@erp/cli-kit";
import { openPlatform } from "@erp/db";
import { checkTenants, parseInput, slugSchema } from "@erp/tenancy";
import type { Command } from "commander";
import { z } from "zod";

const flagsSchema = z.object({ slug: slugSchema.optional(), json: z.boolean().default(false) });

/** `pnpm tenants check`: finds tenants whose structure drifted from the template version they record. */
export function registerCheckTenantsCommand(tenants: Command): void {
  tenants
    .command("check")
    .description("compare each tenant's catalog with the template version it records; list drifted tenants and the differing objects")
    .option("--slug <slug>", "check this tenant only")
    .option("--json", "print the result as JSON")
    .action((raw: Record<string, unknown>) =>
      runCommand(async () => {
        const flags = parseInput(flagsSchema, raw);
        const log = (line: string) => process.stderr.write(`${line}\n`);
        const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 3 });
        try {
          const result = await checkTenants(platform.pool, { slug: flags.slug, concurrency: 2 });
          if (flags.json) {
            console.log(JSON.stringify(result, null, 2));
          } else {
            for (const tenant of result.drifted) {
              console.log(`✗ ${tenant.slug} (template version ${tenant.versionNumber}): ${tenant.differences.length} difference(s)`);
              for (const line of tenant.differences) console.log(`    ${line}`);
            }
            if (result.unknown.length > 0) {
              console.log(
                `${result.unknown.length} tenant(s) record a build from before fingerprints were kept: ${result.unknown.join(", ")}.`,
              );
            }
            console.log(`${result.checked} tenant(s) checked, ${result.drifted.length} drifted.`);
          }
          return result.drifted.length === 0 ? 0 : 1;
        } finally {
          await platform.pool.end();
        }
      }),
    );
}
