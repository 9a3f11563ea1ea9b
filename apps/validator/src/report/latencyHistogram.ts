export type Histogram = { bounds: number[]; counts: number[] };

/**
 * Upper bounds in ms on a 1-2-5 scale from 0.1 ms to 10 s: latencies span four orders of magnitude
 * (a cached read vs. a stalled write), and equal-width bins would put everything in the first one.
 */
export const latencyBounds = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, Number.POSITIVE_INFINITY];

/** Counts of samples per bin: bin i holds samples in (bounds[i-1], bounds[i]]. */
export function latencyHistogram(samples: readonly number[], bounds: readonly number[] = latencyBounds): Histogram {
  const counts = bounds.map(() => 0);
  for (const sample of samples) {
    const index = bounds.findIndex((bound) => sample <= bound);
    counts[index === -1 ? bounds.length - 1 : index]! += 1;
  }
  // Trim empty bins at both ends so charts show where the samples are.
  let first = counts.findIndex((count) => count > 0);
  let last = counts.findLastIndex((count) => count > 0);
  if (first === -1) return { bounds: [], counts: [] };
  first = Math.max(0, first - 1);
  last = Math.min(bounds.length - 1, last + 1);
  return { bounds: bounds.slice(first, last + 1), counts: counts.slice(first, last + 1) };
}
