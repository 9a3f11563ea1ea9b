export const stageKeys = [
  "template",
  "provisioning",
  "structure",
  "demoData",
  "modules",
  "isolation",
  "workflows",
  "load",
  "faults",
] as const;
export type StageKey = (typeof stageKeys)[number];

export const stageTitles: Record<StageKey, string> = {
  template: "Template",
  provisioning: "Bulk provisioning",
  structure: "Structure",
  demoData: "Demo data",
  modules: "Modules",
  isolation: "Isolation",
  workflows: "Workflows",
  load: "Load",
  faults: "Faults",
};

export type Verdict = "pass" | "fail" | "skip";

/** What a stage's body returns: the verdict follows from `problems` (none = pass), never from the stage's say-so. */
export type StageOutcome<Data> = {
  /** One line for the console and the report's table: the headline figures. */
  summary: string;
  /** Each one a reason the stage fails, readable on its own. */
  problems: string[];
  /** Findings that do not fail the run (e.g. a stricter latency target missed). */
  notes?: string[];
  data: Data;
};

export type StageResult<Data = unknown> = StageOutcome<Data | null> & {
  key: StageKey;
  title: string;
  verdict: Verdict;
  durationMs: number;
};

export type Progress = {
  /** Sets the bar's total (a stage learns its amount of work once it starts). */
  start: (total: number, label?: string) => void;
  tick: (amount?: number) => void;
};

export function verdictOf(problems: readonly string[]): Verdict {
  return problems.length === 0 ? "pass" : "fail";
}

/** A stage that could not run because an earlier one left nothing to work on. */
export function skippedStage(key: StageKey, reason: string): StageResult {
  return { key, title: stageTitles[key], verdict: "skip", durationMs: 0, summary: `skipped: ${reason}`, problems: [], data: null };
}
