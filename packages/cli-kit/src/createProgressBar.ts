import cliProgress from "cli-progress";

export type ProgressBar = {
  /** Shows the bar at 0 of `total`; called again, it only changes the total (and the payload). */
  start: (total: number, payload?: Record<string, unknown>) => void;
  /** Moves the bar to `value` (never past its total). */
  update: (value: number, payload?: Record<string, unknown>) => void;
  increment: (amount?: number, payload?: Record<string, unknown>) => void;
  /** Ends the bar (a no-op when it never started). */
  stop: () => void;
};

/**
 * A progress bar on stderr (stdout stays clean for --json), drawn only when stderr is a terminal.
 * `format` takes cli-progress's tokens (`{bar}`, `{value}`, `{total}`, `{eta_formatted}`,
 * `{duration_formatted}`), `{rate}` (items per second so far) and the payload's keys.
 */
export function createProgressBar(format: string, options: { clearOnComplete?: boolean } = {}): ProgressBar {
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: options.clearOnComplete ?? false },
    cliProgress.Presets.shades_classic,
  );
  let started: number | undefined;
  let value = 0;
  let total = 0;
  const rate = () => (started === undefined ? 0 : value / Math.max((performance.now() - started) / 1000, 0.001)).toFixed(2);
  const update = (next: number, payload: Record<string, unknown> = {}) => {
    value = Math.min(total, next);
    if (started !== undefined) bar.update(value, { ...payload, rate: rate() });
  };
  return {
    start: (planned, payload = {}) => {
      total = planned;
      if (started === undefined) {
        started = performance.now();
        bar.start(total, value, { ...payload, rate: rate() });
      } else {
        bar.setTotal(total);
        bar.update(value, payload);
      }
    },
    update,
    increment: (amount = 1, payload) => update(value + amount, payload),
    stop: () => {
      if (started !== undefined) bar.stop();
    },
  };
}
