import { createProgressBar, runCommand } from "@erp/cli-kit";
import { InvalidInputError, openPlatform } from "@erp/db";
import {
  deprovisionTenant,
  drainWarmPool,
  fillWarmPool,
  getTenant,
  listTenants,
  resumeTenant,
  setTier,
  suspendTenant,
  type Tenant,
  tierModules,
  tiers,
  warmPoolStatus,
} from "@erp/tenancy";
import { type Command, Option } from "commander";
import { sql } from "slonik";
import { z } from "zod";
import { registerBackupCommands } from "./backupTenants.ts";
import { registerCheckTenantsCommand } from "./checkTenants.ts";
import { registerMigrateTenantsCommand } from "./migrateTenants.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

async function withPlatform<T>(work: (platform: Awaited<ReturnType<typeof openPlatform>>) => Promise<T>): Promise<T> {
  const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: 2 });
  try {
    return await work(platform);
  } finally {
    await platform.pool.end();
  }
}

export function registerTenantsCommands(program: Command): void {
  const tenants = program.command("tenants").description("list, inspect, suspend, resume, re-tier, back up, restore and drop tenants");

  tenants
    .command("list")
    .description("list tenants")
    .addOption(new Option("--status <status>", "only tenants with this status").choices(["active", "suspended", "deprovisioned"]))
    .option("--json", "print JSON")
    .action((options: { status?: Tenant["status"]; json?: boolean }) =>
      runCommand(() =>
        withPlatform(async ({ pool }) => {
          const rows = await listTenants(pool, { status: options.status, limit: 100_000 });
          if (options.json) return console.log(JSON.stringify(rows, null, 2));
          if (rows.length === 0) return console.log("No tenants yet: `pnpm provision --tier starter` creates one.");
          console.log(`${"slug".padEnd(42)}${"tier".padEnd(14)}${"status".padEnd(15)}created`);
          for (const row of rows) console.log(`${row.slug.padEnd(42)}${row.tier.padEnd(14)}${row.status.padEnd(15)}${row.createdAt}`);
          console.log(`${rows.length} tenant(s).`);
        }),
      ),
    );

  tenants
    .command("show <slug>")
    .description("show one tenant: registry row, modules, table and row counts, recent events")
    .option("--json", "print JSON")
    .action((slug: string, options: { json?: boolean }) =>
      runCommand(() =>
        withPlatform(async ({ pool }) => {
          const tenant = await getTenant(pool, slug);
          const events = await pool.any(sql.type(z.object({ kind: z.string(), occurredAt: z.string(), data: z.unknown() }))`
            SELECT kind, occurred_at AS "occurredAt", data FROM platform.tenant_events
            WHERE tenant_id = ${tenant.id} ORDER BY id DESC LIMIT 10`);
          const size = await pool.maybeOne(sql.type(z.object({ tables: z.number(), bytes: z.number() }))`
            SELECT count(*)::int AS tables, coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS bytes
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ${tenant.schemaName} AND c.relkind = 'r'`);
          const details = { ...tenant, modules: tierModules[tenant.tier], tables: size?.tables ?? 0, bytes: size?.bytes ?? 0, events };
          if (options.json) return console.log(JSON.stringify(details, null, 2));
          for (const [key, value] of Object.entries({
            ...tenant,
            modules: details.modules.join(", "),
            tables: details.tables,
            size: `${(details.bytes / 1e6).toFixed(1)} MB`,
          })) {
            console.log(`${key.padEnd(16)} ${value ?? "—"}`);
          }
          console.log("recent events:");
          for (const event of events) console.log(`  ${event.occurredAt}  ${event.kind}  ${JSON.stringify(event.data)}`);
        }),
      ),
    );

  tenants
    .command("drop <slug>")
    .description("drop the tenant's schema and role; its registry row stays, marked deprovisioned")
    .option("--yes", "confirm: the tenant's data is deleted for good")
    .action((slug: string, options: { yes?: boolean }) =>
      runCommand(async () => {
        if (!options.yes) throw new InvalidInputError(`Dropping '${slug}' deletes its data for good: add --yes to confirm.`);
        await withPlatform(async (platform) => {
          await deprovisionTenant(platform, slug);
          console.log(`Dropped tenant '${slug}' (schema and role removed; registry row kept as deprovisioned).`);
        });
      }),
    );

  tenants
    .command("suspend <slug>")
    .description("suspend a tenant: its users can no longer log in or call the API")
    .action((slug: string) =>
      runCommand(() =>
        withPlatform(async (platform) => console.log(`Tenant '${(await suspendTenant(platform, slug)).slug}' is suspended.`)),
      ),
    );

  tenants
    .command("resume <slug>")
    .description("resume a suspended tenant")
    .action((slug: string) =>
      runCommand(() => withPlatform(async (platform) => console.log(`Tenant '${(await resumeTenant(platform, slug)).slug}' is active.`))),
    );

  tenants
    .command("set-tier <slug> <tier>")
    .description(`change a tenant's tier (${tiers.join(", ")}); recorded as an event`)
    .action((slug: string, tier: string) =>
      runCommand(() =>
        withPlatform(async (platform) => {
          const tenant = await setTier(platform, slug, tier as Tenant["tier"]);
          console.log(`Tenant '${tenant.slug}' is on ${tenant.tier}: ${tierModules[tenant.tier].join(", ")}.`);
        }),
      ),
    );

  registerMigrateTenantsCommand(tenants);
  registerCheckTenantsCommand(tenants);
  registerBackupCommands(tenants);

  const pool = tenants.command("pool").description("the warm pool: schemas built ahead of time, claimed by provisioning in ≈ 1 ms");
  pool
    .command("status")
    .description("entries ready for the current template, and stale ones")
    .action(() =>
      runCommand(() =>
        withPlatform(async (platform) => {
          const status = await warmPoolStatus(platform.pool, platform.templateVersion ?? "");
          console.log(`${status.ready} ready (template ${platform.templateVersion}), ${status.stale} stale.`);
        }),
      ),
    );
  pool
    .command("fill <size>")
    .description("build entries until <size> are ready (drops stale ones first)")
    .action((size: string) =>
      runCommand(async () => {
        const target = Number(size);
        if (!Number.isInteger(target) || target < 0 || target > 1000)
          throw new InvalidInputError("size must be a whole number from 0 to 1000.");
        await withPlatform(async (platform) => {
          const bar = createProgressBar("warm pool [{bar}] {value}/{total}");
          const result = await fillWarmPool(platform, {
            size: target,
            onProgress: (built, total) => {
              bar.start(total);
              bar.update(built);
            },
          });
          bar.stop();
          console.log(
            `Warm pool: ${result.ready} ready (built ${result.built}; stale: ${result.migrated} migrated, ${result.dropped} dropped).`,
          );
        });
      }),
    );
  pool
    .command("drain")
    .description("drop every pooled schema and its role")
    .action(() =>
      runCommand(() => withPlatform(async (platform) => console.log(`Dropped ${await drainWarmPool(platform)} pooled schema(s).`))),
    );
}
