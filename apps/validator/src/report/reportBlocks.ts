import { columnChart, formatMs, percentileChart, summarize } from "@erp/metrics";
import { provisionPhases, type Tier, tiers } from "@erp/tenancy";
import type { LoadData } from "../load/summarizeLoad.ts";
import type { StageResult } from "../stage.ts";
import type { DemoDataData } from "../stages/demoData.ts";
import type { FaultsData } from "../stages/faults.ts";
import type { IsolationData } from "../stages/isolation.ts";
import type { ModulesData } from "../stages/modules.ts";
import type { ProvisioningData } from "../stages/provisioning.ts";
import type { StructureData } from "../stages/structure.ts";
import type { TemplateData } from "../stages/template.ts";
import type { WorkflowsData } from "../stages/workflows.ts";
import { type Block, capped } from "./blocks.ts";
import type { Histogram } from "./latencyHistogram.ts";
import type { ValidationReport } from "./validationReport.ts";

const tierColors: Record<Tier, string> = { starter: "#59a14f", growth: "#edc948", professional: "#f28e2b", enterprise: "#4e79a7" };
const verdictWord = (verdict: string) => verdict.toUpperCase();
const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;

const stageIntro: Record<StageResult["key"], string> = {
  template:
    "`template_tenant` is the one structure every tenant is copied from: it must exist, hold at least 200 tables (every table the API and the demo data name), give every table a primary key and every foreign key an index, and hold no rows.",
  provisioning:
    "Tenants are provisioned with their tier's demo data through `provisionMany`, the code behind `pnpm provision --count`, spread round-robin over the four tiers. Each tenant is one transaction: registry row, schema, every template table, its own role, auth tables with an admin user, demo data.",
  structure:
    "Each tenant's catalog (columns, types, defaults, nullability, constraints, indexes, triggers, sequences, functions) is compared with the template's, and its role's privileges are checked: DML on its own tables and sequences, no USAGE on `platform`, `template_tenant` or any other tenant's schema.",
  demoData:
    "Every tenant's row counts are compared with its tier's demo data plan, and the seed package's invariant checks run on every tenant.",
  modules:
    "Every tenant signs in through the typed client. Each module of its tier must answer a list and a create; each module outside it must answer FORBIDDEN with a message naming the module and the tier.",
  isolation:
    "Attacks that must all fail. A leak is any answer or change that gives one tenant another tenant's data, or SQL that PostgreSQL runs when it should refuse it; one leak fails the run. Wrong answers fail it too: a server error (no client input may cause one), or input past a documented limit accepted.",
  workflows:
    "The order-to-cash flow through the typed client on several tenants at once, several flows per tenant at once: customer, order, confirmation, partial shipment, invoice, partial receipt, credit note, second shipment, second invoice, receipt of everything open. Every answer's status and amount is checked against figures computed from the flow's own prices and quantities (the invoices add up to the order, the customer's statement closes at zero), then the invariant checks run on every tenant touched: a rule that held before the flows must hold after them.",
  faults:
    "Faults the platform must survive. The same slug is provisioned by eight operator calls at once: one must win and the others answer CONFLICT. Provisioning runs in child processes killed with SIGKILL at random moments of its transaction: each tenant must be whole or entirely absent, with no schema, role or registry row left over. In the full profile, on the embedded PostgreSQL, the server is stopped and started again under a stream of writes: no acknowledged write may be lost, every failure while it is down must be a 503, and the API must serve again without being restarted.",
  load: "The k6 scenario (load-tests/scenarios.json) at a constant arrival rate on seeded tenants: reads, order creation, stock moves, and the order-to-cash chain (confirm, ship, invoice and receive payment on documents the run made). The gate is the seed's target, p95 < 500 ms per group; the stricter target, p95 ≤ 20 ms, is reported.",
};

/** The whole report as blocks, for someone who was not there: what ran, on what, what it found, with figures and charts. */
export function reportBlocks(report: ValidationReport): Block[] {
  const { environment: env, options } = report;
  const blocks: Block[] = [
    { kind: "heading", level: 1, text: `Platform validation: ${verdictWord(report.verdict)}` },
    {
      kind: "paragraph",
      text: `Run ${report.startedAt} for ${report.wallSeconds.toFixed(0)} s, profile ${options.profile}: ${options.tenants} tenants provisioned at concurrency ${options.concurrency}, load at ${options.rate} requests/s for ${options.durationSeconds} s. Commit ${env.commit ?? "unknown"}; Node ${env.node}; PostgreSQL ${env.postgres} (${env.embedded ? "embedded" : env.server}), database ${env.database} created for this run${options.keep ? " and kept" : " and dropped afterwards"}; ${env.cpus} CPUs, ${env.memoryGiB} GiB.`,
    },
    {
      kind: "table",
      headers: ["Stage", "Verdict", "Result", "Time"],
      rows: report.stages.map((stage, index) => [
        `${index + 1}. ${stage.title}`,
        verdictWord(stage.verdict),
        stage.summary,
        formatMs(stage.durationMs),
      ]),
    },
  ];
  const problems = report.stages.flatMap((stage) => stage.problems.map((problem) => `${stage.title}: ${problem}`));
  if (problems.length > 0) {
    blocks.push(
      { kind: "heading", level: 2, text: "Why it failed" },
      { kind: "list", items: capped(problems, 10) },
      { kind: "paragraph", text: "Each stage's section below lists its own problems in full." },
    );
  }

  report.stages.forEach((stage, index) => {
    blocks.push({ kind: "heading", level: 2, text: `${index + 1}. ${stage.title}: ${verdictWord(stage.verdict)}` });
    blocks.push({ kind: "paragraph", text: stageIntro[stage.key] }, { kind: "paragraph", text: `Result: ${stage.summary}.` });
    if (stage.data !== null) blocks.push(...stageDetails(stage));
    if (stage.problems.length > 0)
      blocks.push({ kind: "heading", level: 3, text: "Problems" }, { kind: "list", items: capped(stage.problems) });
    if (stage.notes?.length) blocks.push({ kind: "heading", level: 3, text: "Notes" }, { kind: "list", items: capped(stage.notes) });
  });
  if (report.serverErrors.length > 0) {
    blocks.push(
      { kind: "heading", level: 2, text: "Errors the API logged" },
      { kind: "list", items: capped(report.serverErrors.map((entry) => JSON.stringify(entry).slice(0, 400))) },
    );
  }
  return blocks;
}

function stageDetails(stage: StageResult): Block[] {
  switch (stage.key) {
    case "template":
      return templateDetails(stage.data as TemplateData);
    case "provisioning":
      return provisioningDetails(stage.data as ProvisioningData);
    case "structure":
      return structureDetails(stage.data as StructureData);
    case "demoData":
      return demoDataDetails(stage.data as DemoDataData);
    case "modules":
      return modulesDetails(stage.data as ModulesData);
    case "isolation":
      return isolationDetails(stage.data as IsolationData);
    case "workflows":
      return workflowsDetails(stage.data as WorkflowsData);
    case "load":
      return loadDetails(stage.data as LoadData);
    case "faults":
      return faultsDetails(stage.data as FaultsData);
  }
}

function templateDetails(data: TemplateData): Block[] {
  const counts = data.counts;
  return [
    {
      kind: "table",
      headers: ["Module", "Tables"],
      rows: [...Object.entries(data.tablesByModule).map(([module, count]) => [module, count]), ["total", data.tableCount]],
    },
    {
      kind: "table",
      headers: ["Columns", "Primary keys", "Foreign keys", "Unique", "Checks", "Indexes", "Triggers", "Sequences"],
      rows: [
        [
          counts.columns,
          counts.primaryKeys,
          counts.foreignKeys,
          counts.uniques,
          counts.checks,
          counts.indexes,
          counts.triggers,
          counts.sequences,
        ],
      ],
    },
  ];
}

function provisioningDetails(data: ProvisioningData): Block[] {
  const ok = data.samples.filter((sample) => sample.ok);
  const s = data.perTenant;
  const phaseRows = provisionPhases.map((phase) => {
    const values = ok.map((sample) => sample.timings[phase]).filter((value): value is number => value !== undefined);
    const stats = summarize(values);
    return [phase, formatMs(stats.p50), formatMs(stats.p95), formatMs(stats.max)];
  });
  return [
    {
      kind: "table",
      headers: ["Tenants", "Wall time", "Tenants/s", "p50", "p95", "max", "mean"],
      rows: [
        [
          `${ok.length}/${data.samples.length}`,
          `${data.wallSeconds.toFixed(1)} s`,
          data.tenantsPerSecond.toFixed(2),
          formatMs(s.p50),
          formatMs(s.p95),
          formatMs(s.max),
          formatMs(s.mean),
        ],
      ],
    },
    {
      kind: "chart",
      title: "Provisioning time per tenant, in provisioning order, coloured by tier (red: failed); dashed line: p95.",
      svg: columnChart({
        // The run's slug prefix is the same for all: the labels keep what tells tenants apart.
        bars: data.samples.map((sample) => ({
          label: sample.slug.slice(sample.slug.indexOf("_") + 1),
          value: sample.ms,
          color: sample.ok ? tierColors[sample.tier] : "#cf222e",
        })),
        unit: "ms",
        lines: [{ value: s.p95, label: `p95 ${formatMs(s.p95)}`, color: "#cf222e" }],
        legend: tiers.map((tier) => ({ label: tier, color: tierColors[tier] })),
      }),
    },
    {
      kind: "table",
      headers: ["Tier", "Tenants", "p50", "p95", "Demo rows (each)"],
      rows: tiers.map((tier) => {
        const ofTier = ok.filter((sample) => sample.tier === tier);
        const stats = summarize(ofTier.map((sample) => sample.ms));
        const rows = [...new Set(ofTier.map((sample) => sample.demoRows.toLocaleString("en-US")))].join(", ");
        return [tier, ofTier.length, formatMs(stats.p50), formatMs(stats.p95), rows || "–"];
      }),
    },
    { kind: "paragraph", text: "Time per provisioning phase (inside the tenant's transaction):" },
    { kind: "table", headers: ["Phase", "p50", "p95", "max"], rows: phaseRows },
  ];
}

function structureDetails(data: StructureData): Block[] {
  if (data.differences.length === 0) {
    return [
      {
        kind: "paragraph",
        text: `All ${data.tenantsCompared} tenants match the template entry for entry (${data.entriesPerSchema.toLocaleString("en-US")} entries each), and every role's privileges are as required.`,
      },
    ];
  }
  return data.differences.flatMap(({ slug, catalog, privileges }) => [
    { kind: "heading", level: 3, text: `${slug}: ${catalog.length} catalog and ${privileges.length} privilege differences` } as Block,
    { kind: "list", items: capped([...catalog, ...privileges], 20) } as Block,
  ]);
}

function demoDataDetails(data: DemoDataData): Block[] {
  return [
    {
      kind: "table",
      headers: ["Tier", "Tenants", "Rows each (planned)", "Tenants off plan", "Invariant failures"],
      rows: data.tiers.map((tier) => [
        tier.tier,
        tier.tenants,
        tier.plannedRows.toLocaleString("en-US"),
        tier.offPlan,
        tier.invariantFailures,
      ]),
    },
    {
      kind: "table",
      headers: ["Table", ...data.tiers.map((tier) => tier.tier)],
      rows: data.highlights.map((table) => [table, ...data.tiers.map((tier) => tier.planned[table] ?? "–")]),
    },
  ];
}

function modulesDetails(data: ModulesData): Block[] {
  return [
    {
      kind: "table",
      headers: ["Module", "Procedures", "Tenants served", "Answered list + create", "Tenants not served", "Answered FORBIDDEN"],
      rows: data.modules.map((module) => [
        module.module,
        module.probed ? "yes" : "none yet",
        module.served,
        module.answered,
        module.notServed,
        module.forbidden,
      ]),
    },
  ];
}

function isolationDetails(data: IsolationData): Block[] {
  const blocks: Block[] = [
    {
      kind: "table",
      headers: ["Attack", "Attempts", "Refused", "Leaks", "Wrong answers", "Answers"],
      rows: data.attacks.map((attack) => [
        attack.name,
        attack.attempts,
        attack.refused,
        attack.leaks.length,
        attack.unexpected.length,
        Object.entries(attack.answers)
          .sort((a, b) => b[1] - a[1])
          .map(([answer, count]) => `${answer} ×${count}`)
          .join(", "),
      ]),
    },
  ];
  for (const attack of data.attacks) {
    blocks.push({ kind: "heading", level: 3, text: attack.name }, { kind: "paragraph", text: attack.description });
    if (attack.leaks.length > 0) blocks.push({ kind: "paragraph", text: "Leaks:" }, { kind: "list", items: capped(attack.leaks) });
    if (attack.unexpected.length > 0)
      blocks.push({ kind: "paragraph", text: "Wrong answers:" }, { kind: "list", items: capped(attack.unexpected) });
    if (attack.uncovered.length > 0)
      blocks.push({ kind: "paragraph", text: "Not tried (nothing to aim at):" }, { kind: "list", items: capped(attack.uncovered) });
  }
  return blocks;
}

function histogramChart(histogram: Histogram, width = 760): string {
  return columnChart({
    bars: histogram.bounds.map((bound, index) => ({
      label: Number.isFinite(bound) ? `≤ ${bound} ms` : "> 10 s",
      value: histogram.counts[index] ?? 0,
    })),
    unit: "requests",
    width,
    height: 220,
  });
}

function loadDetails(data: LoadData): Block[] {
  const { targets } = data;
  const lines = [
    { value: targets.strictP95Ms, label: `stricter ${targets.strictP95Ms} ms`, color: "#f28e2b" },
    { value: targets.gateP95Ms, label: `gate ${targets.gateP95Ms} ms`, color: "#cf222e" },
  ];
  const row = (name: string, share: number, figures: LoadData["groups"][number] | LoadData["procedures"][number]) => {
    const l = figures.latency;
    return [name, percent(share), l.n, figures.non200, formatMs(l.p50), formatMs(l.p95), formatMs(l.p99), formatMs(l.max)];
  };
  const blocks: Block[] = [
    {
      kind: "paragraph",
      text: `Driver ${data.driver}; ${data.requests.toLocaleString("en-US")} requests in ${data.durationSeconds.toFixed(1)} s (${data.achievedRate.toFixed(1)}/s of ${data.targetRate}/s asked) over ${data.tenants} tenants; ${data.checks.passed.toLocaleString("en-US")} of ${data.checks.total.toLocaleString("en-US")} response checks passed (${(data.checks.rate * 100).toFixed(2)}%, at least ${targets.minCheckRate * 100}% required).`,
    },
    {
      kind: "table",
      headers: [
        "Group",
        "Share",
        "Requests",
        "Not 200",
        "p50",
        "p95",
        "p99",
        "max",
        `p95 < ${targets.gateP95Ms} ms`,
        `p95 ≤ ${targets.strictP95Ms} ms`,
      ],
      rows: data.groups.map((group) => [
        ...row(group.name, group.share, group),
        group.gate ? "PASS" : "FAIL",
        group.strict ? "met" : "missed",
      ]),
    },
    {
      kind: "chart",
      title: "Latency per request type: bar to p95, orange tick p50, black tick p99 (log scale); dashed: the stricter target and the gate.",
      svg: percentileChart({ rows: data.procedures.map((procedure) => ({ label: procedure.name, ...procedure.latency })), lines }),
    },
    {
      kind: "table",
      headers: ["Request", "Procedure", "Share", "Requests", "Not 200", "p50", "p95", "p99", "max"],
      rows: data.procedures.map((procedure) => {
        const [name, ...rest] = row(procedure.name, procedure.share, procedure);
        return [name!, procedure.procedure, ...rest];
      }),
    },
  ];
  for (const group of data.groups) {
    if (group.latency.n === 0) continue;
    blocks.push({
      kind: "chart",
      title: `Latency histogram of ${group.name} (${group.latency.n} requests; p50 ${formatMs(group.latency.p50)}, p95 ${formatMs(group.latency.p95)}, p99 ${formatMs(group.latency.p99)}).`,
      svg: histogramChart(group.histogram),
    });
  }
  blocks.push({
    kind: "charts",
    title: "Latency histogram per request type:",
    charts: data.procedures
      .filter((procedure) => procedure.latency.n > 0)
      .map((procedure) => ({
        title: `${procedure.name} (${procedure.latency.n}; p50 ${formatMs(procedure.latency.p50)}, p95 ${formatMs(procedure.latency.p95)})`,
        svg: histogramChart(procedure.histogram, 380),
      })),
  });
  const failed = Object.entries(data.checks.failed).sort((a, b) => b[1] - a[1]);
  if (failed.length > 0)
    blocks.push(
      { kind: "paragraph", text: "Failed response checks:" },
      { kind: "list", items: capped(failed.map(([name, count]) => `${name} ×${count}`)) },
    );
  return blocks;
}

function faultsDetails(data: FaultsData): Block[] {
  const restart = data.restart;
  const blocks: Block[] = [
    {
      kind: "table",
      headers: ["Killed after", "Delay", "Tenant afterwards"],
      rows: data.kills.map((sample) => [sample.killedAfter, formatMs(sample.delayMs), sample.outcome]),
    },
  ];
  if ("skipped" in restart) {
    blocks.push({ kind: "paragraph", text: `PostgreSQL restart: skipped (${restart.skipped}).` });
    return blocks;
  }
  blocks.push({
    kind: "table",
    headers: ["Writes", "Acknowledged", "Lost", "Committed, answer lost", "Answers", "Server down (stop + 1 s + start)", "API back after"],
    rows: [
      [
        restart.writes,
        restart.acknowledged,
        restart.lost,
        restart.committedUnanswered,
        Object.entries(restart.statuses)
          .map(([status, count]) => `${status} ×${count}`)
          .join(", "),
        `${formatMs(restart.downtimeMs)} (${formatMs(restart.stopMs)} + 1 s + ${formatMs(restart.startMs)})`,
        restart.recoveryMs === null ? "never" : formatMs(restart.recoveryMs),
      ],
    ],
  });
  return blocks;
}

function workflowsDetails(data: WorkflowsData): Block[] {
  return [
    {
      kind: "table",
      headers: ["Tenants", "Flows", "Right", "Documents", "Tenants with broken invariants"],
      rows: [[data.tenants, data.flows, data.completed, data.documents, data.invariants.failures]],
    },
    {
      kind: "table",
      headers: ["Step", "Calls", "p50", "p95", "max"],
      rows: data.steps.map(({ step, latency }) => [step, latency.n, formatMs(latency.p50), formatMs(latency.p95), formatMs(latency.max)]),
    },
  ];
}
