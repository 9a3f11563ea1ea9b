import { type Scenario, shares } from "@erp/load-tests/scenario";
import { formatMs, type Summary, summarize } from "@erp/metrics";
import { type Histogram, latencyHistogram } from "../report/latencyHistogram.ts";
import type { LoadRun } from "./loadSample.ts";

export type LatencyFigures = { latency: Summary; histogram: Histogram; non200: number };

export type LoadData = {
  driver: LoadRun["driver"];
  targetRate: number;
  achievedRate: number;
  durationSeconds: number;
  tenants: number;
  requests: number;
  targets: Scenario["targets"];
  checks: { total: number; passed: number; rate: number; failed: Record<string, number> };
  groups: (LatencyFigures & { name: string; share: number; gate: boolean; strict: boolean })[];
  procedures: (LatencyFigures & { name: string; group: string; procedure: string; share: number })[];
  errors: string[];
};

/** Figures per group and per request from the samples, and the verdicts against the scenario's targets. */
export function summarizeLoad(run: LoadRun, scenario: Scenario, options: { rate: number; tenants: number }): LoadData {
  const mix = shares(scenario);
  const figures = (filter: (sample: LoadRun["samples"][number]) => boolean): LatencyFigures => {
    const selected = run.samples.filter(filter);
    const ms = selected.map((sample) => sample.ms);
    return { latency: summarize(ms), histogram: latencyHistogram(ms), non200: selected.filter((sample) => sample.status !== 200).length };
  };
  const failed = Object.values(run.checks.failed).reduce((sum, count) => sum + count, 0);
  return {
    driver: run.driver,
    targetRate: options.rate,
    achievedRate: run.samples.length / Math.max(run.seconds, 1e-9),
    durationSeconds: run.seconds,
    tenants: options.tenants,
    requests: run.samples.length,
    targets: scenario.targets,
    checks: {
      total: run.checks.total,
      passed: run.checks.total - failed,
      rate: run.checks.total === 0 ? 0 : 1 - failed / run.checks.total,
      failed: run.checks.failed,
    },
    groups: scenario.groups.map((name) => {
      const group = figures((sample) => sample.group === name);
      return {
        name,
        share: mix.byGroup[name] ?? 0,
        ...group,
        gate: group.latency.n > 0 && group.latency.p95 < scenario.targets.gateP95Ms,
        strict: group.latency.n > 0 && group.latency.p95 <= scenario.targets.strictP95Ms,
      };
    }),
    procedures: scenario.requests.map((request) => ({
      name: request.name,
      group: request.group,
      procedure: request.procedure,
      share: mix.byRequest[request.name] ?? 0,
      ...figures((sample) => sample.name === request.name),
    })),
    errors: run.errors,
  };
}

/** Why the load stage fails (empty when it passes): the gate per group, the checks, the driver's errors. */
/**
 * What the run got wrong, split in two: correctness (no requests, failed checks, driver errors)
 * always fails the stage; speed (p95 over the gate, arrivals below the asked rate) fails it only when
 * `speedGate` is on. CI's quick profile runs on shared, noisy machines, where speed is reported, not
 * enforced; the full profile (the release check) enforces it.
 */
export function loadProblems(data: LoadData, speedGate: boolean): { problems: string[]; speed: string[] } {
  const problems: string[] = [];
  const speed: string[] = [];
  for (const group of data.groups) {
    if (group.latency.n === 0) problems.push(`Group ${group.name} got no requests.`);
    else if (!group.gate) {
      speed.push(`Group ${group.name}: p95 ${formatMs(group.latency.p95)} is not under the ${data.targets.gateP95Ms} ms target.`);
    }
  }
  if (data.checks.total === 0) problems.push("No response was checked.");
  else if (data.checks.rate < data.targets.minCheckRate) {
    const worst = Object.entries(data.checks.failed)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, count]) => `${name} ×${count}`);
    problems.push(
      `${((1 - data.checks.rate) * 100).toFixed(2)}% of checks failed (at most ${((1 - data.targets.minCheckRate) * 100).toFixed(2)}% allowed): ${worst.join("; ")}.`,
    );
  }
  // Arrivals far below the asked rate mean the figures describe a lighter load than claimed.
  if (data.achievedRate < data.targetRate * 0.9) {
    speed.push(
      `Only ${data.achievedRate.toFixed(1)} requests/s were sent of the ${data.targetRate} asked: the driver or the API could not keep up.`,
    );
  }
  problems.push(...data.errors.map((error) => `Driver: ${error}`));
  return speedGate ? { problems: [...problems, ...speed], speed: [] } : { problems, speed };
}
