#!/usr/bin/env node
import { runCommand, runProgram } from "@erp/cli-kit";
import { Command } from "commander";
import { parseOptions, profileDefaults, profiles } from "./options.ts";
import { runValidation } from "./runValidation.ts";

const quick = profileDefaults.quick;
const full = profileDefaults.full;

/** `pnpm validate`: provisions tenants on a fresh database and proves structure, isolation and latency; exit 0 only when every stage passes. */
const program = new Command("validate")
  .description(
    "Validate the platform end to end on a fresh database: template, bulk provisioning, structure, demo data, modules, isolation, order-to-cash workflows, load, faults.",
  )
  .option("--profile <profile>", `quick (CI) or full (release check)`, "quick")
  .option("--tenants <n>", `tenants to provision, spread over the four tiers (default ${quick.tenants} quick, ${full.tenants} full)`)
  .option("--concurrency <c>", "tenants provisioned at once (default 2)")
  .option("--duration <d>", `load stage duration, e.g. 30s or 2m (default ${quick.durationSeconds}s quick, ${full.durationSeconds}s full)`)
  .option("--rate <r>", `load stage arrival rate in requests/s (default ${quick.rate} quick, ${full.rate} full)`)
  .option("--report <dir>", "where to write report.json, report.md and report.html (default reports/<timestamp>/)")
  .option("--json", "print the report as JSON on stdout (progress and verdicts go to stderr)")
  .option("--keep", "keep the validation database and its tenant roles for inspection")
  .addHelpText("after", `\nProfiles: ${profiles.join(", ")}. Uses DATABASE_URL when set, otherwise the embedded PostgreSQL.`)
  .exitOverride()
  .showHelpAfterError("(add --help for usage)")
  .action((raw: Record<string, unknown>) => runCommand(() => runValidation(parseOptions(raw))));

await runProgram(program);
