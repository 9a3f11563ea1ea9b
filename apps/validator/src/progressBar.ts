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
  return {
    start: (total, label = "") => {
      if (started) bar.setTotal(total);
      else bar.start(total, 0, { label });
      started = true;
      bar.update({ label });
    },
    tick: (amount = 1) => {
      if (started) bar.increment(amount);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
