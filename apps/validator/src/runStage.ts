import { formatMs } from "@erp/metrics";
import { env } from "./env.ts";
import { createProgressBar } from "./progressBar.ts";
import { type Progress, type StageKey, type StageOutcome, type StageResult, stageTitles, verdictOf } from "./stage.ts";

const marks = { pass: "✓", fail: "✗", skip: "–" } as const;

/**
 * Runs one stage with its progress bar, times it and prints its one-line verdict. A stage that
 * throws fails with the error as its problem: the run goes on to report what it can.
 */
export async function runStage<Data>(
  key: StageKey,
  body: (progress: Progress) => Promise<StageOutcome<Data>>,
  print: (line: string) => void,
): Promise<StageResult<Data>> {
  const title = stageTitles[key];
  const bar = createProgressBar(title);
  const started = performance.now();
  let outcome: StageOutcome<Data | null>;
  try {
    outcome = await body(bar);
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    outcome = { summary: `stopped by an error: ${message.split("\n")[0]}`, problems: [`The stage stopped: ${message}`], data: null };
    if (env.debug) console.error(error);
  } finally {
    bar.stop();
  }
  const durationMs = performance.now() - started;
  const verdict = verdictOf(outcome.problems);
  print(`${marks[verdict]} ${title.padEnd(18)} ${verdict.toUpperCase().padEnd(4)} ${outcome.summary} (${formatMs(durationMs)})`);
  // Only the outcome's own fields: a stage may return more for the run (credentials) that must not reach the report.
  const { summary, problems, notes, data } = outcome;
  return { key, title, verdict, durationMs, summary, problems, ...(notes ? { notes } : {}), data } as StageResult<Data>;
}
