import cliProgress from "cli-progress";
import type { Progress } from "./stage.ts";

export type ProgressBar = Progress & { stop: () => void };

/** One bar per stage on stderr (stdout stays clean for --json); it draws nothing when stderr is not a terminal. */
export function createProgressBar(title: string): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      format: `${title.padEnd(18)} [{bar}] {value}/{total} {label} | {duration_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let value = 0;
  let total = 0;
  return {
    start: (planned, label = "") => {
      total = planned;
      if (started) bar.setTotal(total);
      else bar.start(total, 0, { label });
      started = true;
      bar.update({ label });
    },
    tick: (amount = 1) => {
      // A driver's last tick can land after the planned total; the bar stops at full.
      value = Math.min(total, value + amount);
      if (started) bar.update(value);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
