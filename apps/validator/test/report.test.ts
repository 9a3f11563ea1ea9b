import { parseScenario } from "@erp/load-tests/scenario";
import { niceStep } from "@erp/metrics";
import { describe, expect, test } from "vitest";
import { createTally } from "../src/isolation/attackTally.ts";
import { arrivalPlan } from "../src/load/runAutocannon.ts";
import { loadProblems, summarizeLoad } from "../src/load/summarizeLoad.ts";
import { latencyHistogram } from "../src/report/latencyHistogram.ts";
import { renderHtml } from "../src/report/renderHtml.ts";
import { renderMarkdown } from "../src/report/renderMarkdown.ts";
import { reportBlocks } from "../src/report/reportBlocks.ts";
import type { ValidationReport } from "../src/report/validationReport.ts";
import { runStage } from "../src/runStage.ts";
import { type StageResult, skippedStage, stageKeys } from "../src/stage.ts";
import type { FaultsData } from "../src/stages/faults.ts";

const scenario = parseScenario({
  targets: { gateP95Ms: 500, strictP95Ms: 20, minCheckRate: 0.99 },
  requests: [
    { name: "list products", group: "reads", procedure: "catalog.products.list", type: "query", weight: 3 },
    { name: "create order", group: "orders", procedure: "sales.orders.create", type: "mutation", weight: 1 },
  ],
});

const samples = (name: string, group: string, ms: number[]) => ms.map((value) => ({ name, group, ms: value, status: 200 }));

describe("load verdicts", () => {
  test("a group passes the gate under 500 ms and is reported against the stricter 20 ms", () => {
    const data = summarizeLoad(
      {
        driver: "autocannon",
        samples: [...samples("list products", "reads", Array(100).fill(4)), ...samples("create order", "orders", Array(100).fill(30))],
        checks: { total: 200, failed: {} },
        seconds: 2,
        errors: [],
      },
      scenario,
      { rate: 100, tenants: 2 },
    );
    expect(data.groups.map((group) => [group.name, group.gate, group.strict])).toEqual([
      ["reads", true, true],
      ["orders", true, false],
    ]);
    expect(data.achievedRate).toBe(100);
    expect(loadProblems(data, true)).toEqual({ problems: [], speed: [] });
  });

  test("fails on a p95 at the gate, on failed checks, and on a rate it did not reach", () => {
    const slow = [...Array(90).fill(10), ...Array(10).fill(600)];
    const data = summarizeLoad(
      {
        driver: "k6",
        samples: [...samples("list products", "reads", slow), ...samples("create order", "orders", [5])],
        checks: { total: 101, failed: { "create order: status 200": 5 } },
        seconds: 10,
        errors: [],
      },
      scenario,
      { rate: 50, tenants: 1 },
    );
    const { problems } = loadProblems(data, true);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/4\.95% of checks failed .*create order: status 200 ×5/);
    expect(problems[1]).toMatch(/^Group reads: p95 600 ms is not under the 500 ms target/);
    expect(problems[2]).toMatch(/Only 10\.1 requests\/s were sent of the 50 asked/);

    // Without the speed gate (the quick profile on shared CI machines) only the failed checks fail the stage.
    const reported = loadProblems(data, false);
    expect(reported.problems).toHaveLength(1);
    expect(reported.problems[0]).toMatch(/4\.95% of checks failed/);
    expect(reported.speed).toHaveLength(2);
  });

  test("autocannon gets one connection per request per second, at most 200", () => {
    expect(arrivalPlan(50)).toEqual(Array(50).fill(1));
    const plan = arrivalPlan(450);
    expect(plan).toHaveLength(200);
    expect(plan.reduce((sum, rate) => sum + rate, 0)).toBe(450);
  });
});

describe("attack tallies", () => {
  test("a success is a leak (or a wrong answer for a limit), a 5xx a wrong answer, a 4xx a refusal by code", () => {
    const attack = createTally("t", "d");
    const answer = (status: number, code?: string) => ({ status, ok: status === 200, data: { id: 1 }, code, message: "m" });
    attack.expectRefusal(answer(404, "NOT_FOUND"), "a");
    attack.expectRefusal(answer(200), "b");
    attack.expectRefusal(answer(200), "c", "unexpected");
    attack.expectRefusal(answer(500, "INTERNAL_SERVER_ERROR"), "d");
    attack.expectRefusal(answer(0), "e");
    expect(attack.tally).toMatchObject({ attempts: 5, refused: 2, answers: { NOT_FOUND: 1, "connection closed": 1 } });
    expect(attack.tally.leaks).toEqual(['b: answered 200 with {"id":1}']);
    expect(attack.tally.unexpected).toHaveLength(2);
  });
});

describe("stage results", () => {
  test("keep only the outcome's own fields, so credentials a stage hands to the run never reach the report", async () => {
    const lines: string[] = [];
    const result = await runStage(
      "provisioning",
      async () => ({ summary: "1/1 tenants", problems: [], data: { n: 1 }, provisioned: [{ password: "secret" }] }),
      (line) => lines.push(line),
    );
    expect(JSON.stringify(result)).not.toContain("secret");
    expect(result).toMatchObject({ verdict: "pass", data: { n: 1 } });
    expect(lines[0]).toMatch(/^✓ Bulk provisioning +PASS 1\/1 tenants/);
  });

  test("a stage that throws fails with the error as its problem", async () => {
    const result = await runStage(
      "template",
      () => Promise.reject(new Error("boom")),
      () => {},
    );
    expect(result).toMatchObject({ verdict: "fail", problems: ["The stage stopped: boom"], data: null });
  });
});

describe("the report", () => {
  const load: StageResult = {
    key: "load",
    title: "Load",
    verdict: "pass",
    durationMs: 1000,
    summary: "fine",
    problems: [],
    data: summarizeLoad(
      {
        driver: "autocannon",
        samples: samples("list products", "reads", [1, 2, 3, 40]),
        checks: { total: 4, failed: {} },
        seconds: 1,
        errors: [],
      },
      scenario,
      { rate: 4, tenants: 1 },
    ),
  };
  const faults: StageResult = {
    key: "faults",
    title: "Faults",
    verdict: "pass",
    durationMs: 9000,
    summary: "restart: 0/120 acknowledged writes lost",
    problems: [],
    data: {
      race: { contenders: 8, won: 1, conflicts: 7, other: [] },
      kills: [{ slug: "v1_kill_1", killedAfter: "tables", delayMs: 12, outcome: "absent" }],
      orphans: [],
      restart: {
        writes: 150,
        acknowledged: 120,
        lost: 0,
        committedUnanswered: 1,
        statuses: { 200: 120, 503: 30 },
        downtimeMs: 1400,
        stopMs: 150,
        startMs: 250,
        recoveryMs: 310,
      },
    } satisfies FaultsData,
  };
  const report: ValidationReport = {
    verdict: "fail",
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:01:00.000Z",
    wallSeconds: 60,
    options: {
      profile: "quick",
      tenants: 4,
      concurrency: 2,
      durationSeconds: 1,
      rate: 4,
      faults: { kills: 1, restart: true },
      workflows: { tenants: 4, flowsPerTenant: 1 },
      reportDir: undefined,
      json: false,
      keep: false,
    },
    environment: {
      node: "v24",
      postgres: "18.4",
      server: "postgres://x:***@h/db",
      embedded: true,
      database: "erp_validate_x",
      cpus: 2,
      memoryGiB: 24,
      commit: "abc",
    },
    serverErrors: [],
    stages: stageKeys.map((key) => (key === "load" ? load : key === "faults" ? faults : skippedStage(key, "test <b>"))),
  };

  test("Markdown has the verdict, a row per stage and the latency tables", () => {
    const markdown = renderMarkdown(reportBlocks(report));
    expect(markdown).toMatch(/^# Platform validation: FAIL/);
    expect(markdown).toContain("| 8. Load | PASS | fine |");
    expect(markdown).toContain("| list products | catalog.products.list |");
    expect(markdown).toContain("| 9. Faults | PASS | restart: 0/120 acknowledged writes lost |");
    expect(markdown).toContain("| 150 | 120 | 0 | 1 | 200 ×120, 503 ×30 | 1,400 ms (150 ms + 1 s + 250 ms) | 310 ms |");
  });

  test("HTML is one self-contained page: inline SVG charts, escaped text, nothing fetched", () => {
    const html = renderHtml("Validation", reportBlocks(report));
    expect(html).toContain("<svg");
    expect(html).toContain("test &lt;b&gt;");
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  test("histograms bin on a 1-2-5 scale and trim empty ends; axis steps are round", () => {
    expect(latencyHistogram([0.7, 3, 3, 4, 700])).toEqual({
      bounds: [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000],
      counts: [0, 1, 0, 3, 0, 0, 0, 0, 0, 0, 1, 0],
    });
    expect([niceStep(2888), niceStep(147), niceStep(0.9)]).toEqual([1000, 50, 0.5]);
  });
});
