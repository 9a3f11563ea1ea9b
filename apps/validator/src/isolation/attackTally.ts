import type { CallResult } from "../api/callProcedure.ts";

/** One kind of attack: how often it was tried, how it was refused, and every leak. */
export type AttackTally = {
  name: string;
  /** What was tried, for a reader who was not there. */
  description: string;
  attempts: number;
  refused: number;
  /** Refusals by answer (tRPC code, HTTP status or SQLSTATE): e.g. NOT_FOUND ×40. */
  answers: Record<string, number>;
  /** Attempts that got data or changed data: each fails the run. */
  leaks: string[];
  /** Answers no client input may get, without a leak: a server error, or success for input past a documented limit. */
  unexpected: string[];
  /** What could not be tried, and why (so the coverage is visible). */
  uncovered: string[];
};

export type Tally = ReturnType<typeof createTally>;

export function createTally(name: string, description: string) {
  const tally: AttackTally = { name, description, attempts: 0, refused: 0, answers: {}, leaks: [], unexpected: [], uncovered: [] };
  const refused = (answer: string) => {
    tally.attempts += 1;
    tally.refused += 1;
    tally.answers[answer] = (tally.answers[answer] ?? 0) + 1;
  };
  return {
    tally,
    refused,
    leak: (what: string) => {
      tally.attempts += 1;
      tally.leaks.push(what);
    },
    unexpected: (what: string) => {
      tally.attempts += 1;
      tally.unexpected.push(what);
    },
    uncovered: (what: string) => {
      tally.uncovered.push(what);
    },
    /**
     * Judges an HTTP attack that must be refused: a success is a leak (or, for input that only
     * breaks a documented limit, unexpected), a 5xx is unexpected, any other answer is a refusal
     * (counted by its code).
     */
    expectRefusal: (result: CallResult, what: string, success: "leak" | "unexpected" = "leak") => {
      if (result.ok || (result.status >= 200 && result.status < 300)) {
        tally.attempts += 1;
        tally[success === "leak" ? "leaks" : "unexpected"].push(
          `${what}: answered ${result.status} with ${JSON.stringify(result.data ?? null).slice(0, 160)}`,
        );
      } else if (result.status >= 500 || result.code === "INTERNAL_SERVER_ERROR") {
        tally.attempts += 1;
        tally.unexpected.push(`${what}: answered ${result.status} ${result.code ?? ""} ${result.message}`.trim());
      } else {
        refused(result.code ?? (result.status === 0 ? "connection closed" : `HTTP ${result.status}`));
      }
    },
    /** Judges input the API may accept as the caller's own data: only a server error counts against it. */
    expectNoServerError: (result: CallResult, what: string) => {
      if (result.status >= 500 || result.code === "INTERNAL_SERVER_ERROR") {
        tally.attempts += 1;
        tally.unexpected.push(`${what}: answered ${result.status} ${result.code ?? ""} ${result.message}`.trim());
      } else refused(result.ok ? "accepted as own data" : (result.code ?? `HTTP ${result.status}`));
    },
  };
}
