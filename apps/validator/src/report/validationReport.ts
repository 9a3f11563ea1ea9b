import type { ValidateOptions } from "../options.ts";
import type { StageResult } from "../stage.ts";

/** Everything a run found: report.json is this object; report.md and report.html are rendered from it. */
export type ValidationReport = {
  verdict: "pass" | "fail";
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  options: ValidateOptions;
  environment: {
    node: string;
    postgres: string;
    /** The server, without its password. */
    server: string;
    embedded: boolean;
    database: string;
    cpus: number;
    memoryGiB: number;
    commit: string | null;
  };
  /** Unexpected errors the API logged during the run (each also shows as a failed call in its stage). */
  serverErrors: Record<string, unknown>[];
  stages: StageResult[];
};
