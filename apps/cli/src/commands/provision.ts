import { InvalidInputError, openPlatform, runCommand } from "@erp/db";
import { formatMs, summarize } from "@erp/metrics";
import { seedDemoData } from "@erp/seed";
import {
  type BulkResult,
  generatePassword,
  generateSlug,
  type ProvisionInput,
  parseInput,
  provisionMany,
  slugSchema,
  tierSchema,
  tiers,
} from "@erp/tenancy";
import cliProgress from "cli-progress";
import { type Command, Option } from "commander";
import { z } from "zod";

const count = (field: string, max: number) =>
  z.coerce
    .number({ error: `${field} must be a whole number` })
    .int({ error: `${field} must be a whole number` })
    .min(1, { error: `${field} must be at least 1` })
    .max(max, { error: `${field} must be at most ${max}` });

const optionsSchema = z.object({
  tier: tierSchema,
  slug: slugSchema.optional(),
  name: z.string().trim().min(1, { error: "--name must not be empty" }).max(200).optional(),
  adminEmail: z.email({ error: "--admin-email must be an email address" }).default("admin@example.com"),
  adminPassword: z.string().min(12, { error: "--admin-password must be at least 12 characters" }).optional(),
  demoData: z.boolean().default(true),
  count: count("--count", 10_000).default(1),
  concurrency: count("--concurrency", 16).default(2),
  json: z.boolean().default(false),
});
type Options = z.infer<typeof optionsSchema>;

export function registerProvisionCommand(program: Command): void {
  program
    .command("provision")
    .description("provision one tenant (or --count N of them): schema, tables, role, admin user, demo data")
    .addOption(new Option("--tier <tier>", "the tenant's tier (decides the modules it is served)").choices(tiers).makeOptionMandatory())
    .option("--slug <slug>", "the tenant's slug (schema tenant_<slug>); generated when omitted; with --count, a prefix")
    .option("--name <name>", "display name (default: the slug)")
    .option("--admin-email <email>", "the admin user's email", "admin@example.com")
    .option("--admin-password <password>", "the admin's password (≥ 12 characters); generated and printed once when omitted")
    .option("--no-demo-data", "create the tenant empty (no demo data)")
    .option("--count <n>", "provision this many tenants (bulk, with a progress bar)")
    .option("--concurrency <c>", "tenants built at once in bulk (default 2)")
    .option("--json", "print machine-readable results")
    .addHelpText(
      "after",
      "\nExamples:\n  pnpm provision --tier enterprise\n  pnpm provision --tier growth --slug acme --admin-email ops@acme.test\n  pnpm provision --tier starter --count 50 --concurrency 2 --no-demo-data",
    )
    .action((raw: Record<string, unknown>) => runCommand(() => provision(parseInput(optionsSchema, raw))));
}

async function provision(options: Options): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const inputs = buildInputs(options);
  const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: options.concurrency + 1 });
  try {
    const bar = inputs.length > 1 && !options.json ? startBar(inputs.length) : undefined;
    const started = performance.now();
    const results = await provisionMany(platform, inputs, {
      concurrency: options.concurrency,
      seeder: seedDemoData,
      onResult: () => bar?.increment(),
    });
    bar?.stop();
    const seconds = (performance.now() - started) / 1000;
    const passwords = new Map(inputs.map((input) => [input.slug, input.admin.password]));
    if (options.json) {
      console.log(
        JSON.stringify(
          results.map((result) => toJson(result, passwords.get(result.slug))),
          null,
          2,
        ),
      );
    } else if (results.length === 1) {
      printOne(results[0]!, passwords.get(results[0]!.slug) ?? "", options.adminPassword === undefined);
    } else {
      printSummary(results, seconds, options.adminPassword === undefined);
    }
    return results.every((result) => result.ok) ? 0 : 1;
  } finally {
    await platform.pool.end();
  }
}

function buildInputs(options: Options): (ProvisionInput & { slug: string; admin: { email: string; password: string } })[] {
  const width = String(options.count).length;
  return Array.from({ length: options.count }, (_, index) => {
    const slug = options.slug
      ? options.count === 1
        ? options.slug
        : `${options.slug}_${String(index + 1).padStart(width, "0")}`
      : generateSlug();
    if (slug.length > 40) throw new InvalidInputError("--slug is too long for --count: the numbered slugs must stay within 40 characters.");
    return {
      slug,
      name: options.name ?? slug,
      tier: options.tier,
      admin: { email: options.adminEmail, password: options.adminPassword ?? generatePassword() },
      seedDemoData: options.demoData,
    };
  });
}

function startBar(total: number) {
  const bar = new cliProgress.SingleBar(
    { format: "provisioning [{bar}] {value}/{total} tenants | {rate}/s | ETA {eta_formatted}", stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  bar.start(total, 0, { rate: "0.00" });
  const increment = bar.increment.bind(bar);
  bar.increment = () => {
    increment(1, { rate: ((bar.getProgress() * total + 1) / ((performance.now() - started) / 1000)).toFixed(2) });
  };
  return bar;
}

function printOne(result: BulkResult, password: string, generated: boolean): void {
  if (!result.ok) {
    console.error(`error: ${result.error.message}`);
    return;
  }
  const { tenant, admin, demoData, totalMs } = result.provisioned;
  console.log(`Provisioned tenant '${tenant.slug}' (${tenant.tier}) in ${formatMs(totalMs)}.`);
  console.log(`  schema         ${tenant.schemaName} (role ${tenant.roleName}, template ${tenant.templateVersion})`);
  console.log(`  demo data      ${demoData ? `${demoData.rows.toLocaleString("en-US")} rows` : "none"}`);
  console.log(`  admin email    ${admin.email}`);
  console.log(`  admin password ${password}${generated ? "   (generated: shown only this once)" : ""}`);
  console.log("");
  console.log("Reach it: start the API with `pnpm start`, then log in with the typed client:");
  console.log(
    `  createErpClient({ url: "http://localhost:3000" }).auth.login.mutate({ tenant: "${tenant.slug}", email: "${admin.email}", password })`,
  );
  console.log(`Inspect it: \`pnpm tenants show ${tenant.slug}\`; drop it: \`pnpm tenants drop ${tenant.slug} --yes\`.`);
}

function printSummary(results: readonly BulkResult[], seconds: number, passwordsGenerated: boolean): void {
  const succeeded = results.filter((result) => result.ok);
  const failed = results.filter((result): result is Extract<BulkResult, { ok: false }> => !result.ok);
  const stats = summarize(succeeded.map((result) => result.ms));
  console.log(
    `Provisioned ${succeeded.length} of ${results.length} tenants in ${seconds.toFixed(1)} s (${(succeeded.length / seconds).toFixed(2)} tenants/s).`,
  );
  console.log(`  per tenant: p50 ${formatMs(stats.p50)}, p95 ${formatMs(stats.p95)}, max ${formatMs(stats.max)}`);
  for (const failure of failed) console.log(`  ✗ ${failure.slug}: ${failure.error.message}`);
  if (passwordsGenerated) {
    console.log("Admin passwords were generated per tenant: rerun with --json to capture them, or pass --admin-password.");
  } else {
    console.log("Every admin signs in with the password given by --admin-password.");
  }
}

function toJson(result: BulkResult, password: string | undefined) {
  if (!result.ok) return { ok: false, slug: result.slug, ms: Math.round(result.ms), error: result.error.message };
  const { tenant, admin, demoData, timings } = result.provisioned;
  return {
    ok: true,
    slug: tenant.slug,
    ms: Math.round(result.ms),
    tenant,
    admin: { ...admin, password },
    demoDataRows: demoData?.rows ?? 0,
    timings,
  };
}
