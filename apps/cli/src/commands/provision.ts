import { createProgressBar, parseOptions, runCommand, wholeNumberSchema } from "@erp/cli-kit";
import { InvalidInputError, openPlatform } from "@erp/db";
import { formatMs, summarize } from "@erp/metrics";
import { seedDemoData } from "@erp/seed";
import {
  type BulkResult,
  generatePassword,
  generateSlug,
  type ProvisionInput,
  provisionMany,
  slugSchema,
  tierSchema,
  tiers,
} from "@erp/tenancy";
import { type Command, Option } from "commander";
import { z } from "zod";

const optionsSchema = z.object({
  tier: tierSchema,
  slug: slugSchema.optional(),
  name: z.string().trim().min(1, { error: "--name must not be empty" }).max(200).optional(),
  adminEmail: z.email({ error: "--admin-email must be an email address" }).default("admin@example.com"),
  adminPassword: z.string().min(12, { error: "--admin-password must be at least 12 characters" }).optional(),
  demoData: z.boolean().default(true),
  count: wholeNumberSchema("--count", 1, 10_000).default(1),
  concurrency: wholeNumberSchema("--concurrency", 1, 16).default(2),
  json: z.boolean().default(false),
});
type Options = z.infer<typeof optionsSchema>;

const barFormat = "provisioning [{bar}] {value}/{total} tenants | {rate}/s | ETA {eta_formatted}";

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
    .action((raw: Record<string, unknown>) => runCommand(() => provision(parseOptions(optionsSchema, raw))));
}

async function provision(options: Options): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const inputs = buildInputs(options);
  const platform = await openPlatform({ log, statementTimeout: "DISABLE_TIMEOUT", maxPoolSize: options.concurrency + 1 });
  try {
    const bar = inputs.length > 1 && !options.json ? createProgressBar(barFormat) : undefined;
    bar?.start(inputs.length);
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
