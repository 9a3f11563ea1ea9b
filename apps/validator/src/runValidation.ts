import { redact, resolveDatabaseTarget } from "@erp/db";
import { seedDemoData } from "@erp/seed";
import { startValidationApi, type ValidationApi } from "./api/validationApi.ts";
import type { ValidateOptions } from "./options.ts";
import { describeEnvironment } from "./report/describeEnvironment.ts";
import type { ValidationReport } from "./report/validationReport.ts";
import { writeReport } from "./report/writeReport.ts";
import { runStage } from "./runStage.ts";
import { type StageKey, type StageResult, skippedStage, stageKeys } from "./stage.ts";
import { demoDataStage } from "./stages/demoData.ts";
import { faultsStage } from "./stages/faults.ts";
import { isolationStage } from "./stages/isolation.ts";
import { loadStage } from "./stages/load.ts";
import { modulesStage } from "./stages/modules.ts";
import { planTenants, provisioningStage, type ValidationTenant } from "./stages/provisioning.ts";
import { structureStage } from "./stages/structure.ts";
import { templateStage } from "./stages/template.ts";
import { workflowsStage } from "./stages/workflows.ts";
import { createValidationDatabase } from "./validationDatabase.ts";

/**
 * Runs the nine stages in order on a new database, writes the report, and answers the exit
 * code: 0 only when every stage passed. A stage that cannot run (nothing provisioned) is skipped,
 * and a skipped stage is not a pass.
 */
export async function runValidation(options: ValidateOptions): Promise<number> {
  // With --json, stdout carries the report only; everything for people goes to stderr.
  const print = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  const note = (line: string) => process.stderr.write(`  ${line}\n`);
  const startedAt = new Date();
  const target = await resolveDatabaseTarget(note);
  // The API shares this pool: ten connections, as in production, plus room for provisioning.
  const poolSize = Math.max(10, options.concurrency + 2);
  const db = await createValidationDatabase(target.url, { poolSize, log: note });
  print(
    `Validating on database ${db.name} (${target.embedded ? "embedded PostgreSQL" : redact(target.url)}), profile ${options.profile}: ` +
      `${options.tenants} tenants at concurrency ${options.concurrency}, load ${options.rate}/s for ${options.durationSeconds} s.`,
  );

  const results = new Map<StageKey, StageResult>();
  const record = (result: StageResult) => results.set(result.key, result);
  let api: ValidationApi | undefined;
  let environment: ValidationReport["environment"] | undefined;
  try {
    environment = await describeEnvironment(db.platform.pool, target, db.name);
    const template = await runStage("template", (progress) => templateStage(db.platform.pool, progress), print);
    record(template);

    let tenants: ValidationTenant[] = [];
    record(
      await runStage(
        "provisioning",
        async (progress) => {
          const outcome = await provisioningStage(
            db.platform,
            planTenants(db.slugPrefix, options.tenants),
            { concurrency: options.concurrency, seeder: seedDemoData },
            progress,
          );
          tenants = outcome.provisioned;
          return outcome;
        },
        print,
      ),
    );
    if (tenants.length >= 3) {
      record(await runStage("structure", (progress) => structureStage(db.platform.pool, tenants, progress), print));
      record(await runStage("demoData", (progress) => demoDataStage(db.platform.pool, tenants, progress), print));
      api = await startValidationApi(db.platform, { poolSize, seeder: seedDemoData });
      const running = api;
      record(await runStage("modules", (progress) => modulesStage(running, tenants, progress), print));
      const templateTables = template.data?.tableCount ?? 0;
      record(await runStage("isolation", (progress) => isolationStage(running, db.platform, tenants, templateTables, progress), print));
      record(
        await runStage("workflows", (progress) => workflowsStage(running, db.platform.pool, tenants, options.workflows, progress), print),
      );
      record(
        await runStage(
          "load",
          (progress) =>
            loadStage(
              running,
              tenants,
              { rate: options.rate, durationSeconds: options.durationSeconds, speedGate: options.profile === "full" },
              progress,
            ),
          print,
        ),
      );
      const faultsRun = { api: running, pool: db.platform.pool, databaseUrl: db.url, embedded: target.embedded, slugPrefix: db.slugPrefix };
      record(await runStage("faults", (progress) => faultsStage({ ...faultsRun, tenant: tenants[0]! }, options.faults, progress), print));
    }
  } finally {
    await api?.close();
    await db.close({ keep: options.keep });
  }
  if (options.keep) print(`Kept database ${db.name} and its tenant roles (tenant_${db.slugPrefix}*).`);

  const stages = stageKeys.map((key) => results.get(key) ?? skippedStage(key, "fewer than three tenants were provisioned"));
  const verdict = stages.every((stage) => stage.verdict === "pass") ? "pass" : "fail";
  const finishedAt = new Date();
  const report: ValidationReport = {
    verdict,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    options: { ...options, reportDir: undefined },
    environment: environment!,
    serverErrors: api?.serverErrors ?? [],
    stages,
  };
  const directory = await writeReport(report, options.reportDir);
  print(
    `${verdict === "pass" ? "PASS" : "FAIL"}: ${stages.filter((stage) => stage.verdict === "pass").length}/${stages.length} stages passed in ${report.wallSeconds.toFixed(0)} s. Report: ${directory}/report.html`,
  );
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return verdict === "pass" ? 0 : 1;
}
