import { openPlatform } from "@erp/db";
import { seedDemoData } from "@erp/seed";
import { provisionTenant, type Tier } from "@erp/tenancy";

/*
 * One tenant provisioned in a process of its own, for the faults stage to kill at a random
 * moment: `provisionOnce.ts <slug> <tier>` on DATABASE_URL. It says `phase <name>` on stdout as
 * each phase of the provisioning transaction completes, and `committed` at the end.
 */
const [slug, tier] = process.argv.slice(2) as [string, Tier];
const platform = await openPlatform({ prepare: true, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 1 });
try {
  process.stdout.write("ready\n");
  await provisionTenant(
    platform,
    { slug, tier, admin: { email: "admin@faults.test", password: "faults-stage-password-0123" }, seedDemoData: true },
    { seeder: seedDemoData, onPhase: (phase) => void process.stdout.write(`phase ${phase}\n`) },
  );
  process.stdout.write("committed\n");
} finally {
  await platform.pool.end();
}
