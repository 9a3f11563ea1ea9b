import { createProgressBar as createBar } from "@erp/cli-kit";
import type { Progress } from "./stage.ts";

export type ProgressBar = Progress & { stop: () => void };

/** One bar per stage, cleared when the stage ends (the stage's verdict line replaces it). */
export function createProgressBar(title: string): ProgressBar {
  const bar = createBar(`${title.padEnd(18)} [{bar}] {value}/{total} {label} | {duration_formatted}`, { clearOnComplete: true });
  return {
    start: (planned, label = "") => bar.start(planned, { label }),
    // A driver's last tick can land after the planned total; the bar stops at full.
    tick: (amount = 1) => bar.increment(amount),
    stop: bar.stop,
  };
}
