import { randomBytes } from "node:crypto";
import { checkInvariants } from "@erp/erp";
import { formatMs, type Summary, summarize } from "@erp/metrics";
import type { Module } from "@erp/tenancy";
import pLimit from "p-limit";
import type { DatabasePool } from "slonik";
import type { ValidationApi } from "../api/validationApi.ts";
import type { Progress, StageOutcome } from "../stage.ts";
import { type FlowSetup, runOrderToCash, type StepSample, setUpFlows } from "../workflows/orderToCash.ts";
import type { ValidationTenant } from "./provisioning.ts";

/** How much the stage runs: tenants at once, and order-to-cash flows on each (run concurrently within the tenant). */
export type WorkflowsPlan = { tenants: number; flowsPerTenant: number };

export type WorkflowsData = {
  tenants: number;
  flows: number;
  completed: number;
  documents: number;
  steps: { step: string; latency: Summary }[];
  invariants: { tenants: number; failures: number };
};

/**
 * The modules whose rules the flows answer for: what they write (the books too on a starter
 * tenant, whose tier does not serve finance but whose documents post; the sales rollups that
 * every order placed or cancelled recounts).
 */
const flowModules: readonly Module[] = ["catalog", "sales", "inventory", "finance", "analytics"];

const failingRules = async (pool: DatabasePool, schemaName: string) =>
  new Map(
    (await checkInvariants(pool, schemaName, { modules: flowModules }))
      .filter((result) => !result.ok)
      .map((result) => [result.name, result.detail]),
  );

/**
 * Stage: the order-to-cash flow through the typed client on many tenants at once (customer → order
 * → confirm → partial shipment → invoice → partial receipt → credit note → second shipment → invoice →
 * receipt), each answer's status and amount checked; then the invariant checks on every tenant
 * touched, against the same checks before the flows.
 */
export async function workflowsStage(
  api: ValidationApi,
  pool: DatabasePool,
  tenants: readonly ValidationTenant[],
  plan: WorkflowsPlan,
  progress: Progress,
): Promise<StageOutcome<WorkflowsData>> {
  const chosen = tenants.slice(0, plan.tenants);
  const problems: string[] = [];
  const samples: StepSample[] = [];
  let completed = 0;
  let documents = 0;
  let invariantFailures = 0;
  progress.start(chosen.length * plan.flowsPerTenant, "flows");
  // Four tenants at once, each running its flows concurrently: sign-in hashes a password, and the
  // flows' documents queue on per-tenant gapless numbers, which is part of what is checked.
  await pLimit(4).map(chosen, async (tenant) => {
    const where = `${tenant.slug} (${tenant.tier})`;
    const before = await failingRules(pool, tenant.schemaName);
    const client = api.client({ token: await api.login(tenant) });
    const tag = randomBytes(3).toString("hex");
    let setup: FlowSetup;
    try {
      setup = await setUpFlows(client, tag, plan.flowsPerTenant);
    } catch (error) {
      problems.push(`${where}: setting up the flows (warehouse, products, stock receipts) failed: ${(error as Error).message}`);
      progress.tick(plan.flowsPerTenant);
      return;
    }
    const flows = await Promise.all(
      Array.from({ length: plan.flowsPerTenant }, async (_, index) => {
        const result = await runOrderToCash(client, setup, `${tag}-${index + 1}`, `${where} flow ${index + 1}`);
        progress.tick();
        return result;
      }),
    );
    for (const flow of flows) {
      problems.push(...flow.problems);
      samples.push(...flow.samples);
      documents += flow.documents;
      if (flow.completed && flow.problems.length === 0) completed += 1;
    }
    const after = await failingRules(pool, tenant.schemaName);
    let failed = false;
    for (const [rule, detail] of after) {
      if (before.has(rule)) continue;
      problems.push(`${where}: invariant "${rule}" fails after the flows: ${detail}`);
      failed = true;
    }
    if (failed) invariantFailures += 1;
  });

  const steps = [...new Set(samples.map((sample) => sample.step))].map((step) => ({
    step,
    latency: summarize(samples.filter((sample) => sample.step === step).map((sample) => sample.ms)),
  }));
  const flows = chosen.length * plan.flowsPerTenant;
  const all = summarize(samples.map((sample) => sample.ms));
  return {
    summary: `${completed}/${flows} order-to-cash flows right on ${chosen.length} tenants (${documents} documents, ${samples.length} calls, p95 ${formatMs(all.p95)}); invariants broken on ${invariantFailures} tenants`,
    problems,
    data: {
      tenants: chosen.length,
      flows,
      completed,
      documents,
      steps,
      invariants: { tenants: chosen.length, failures: invariantFailures },
    },
  };
}
