export type Summary = { n: number; min: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Order statistics of timing samples (nearest-rank percentiles), for every benchmark and report here. */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, min: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return {
    n: sorted.length,
    min: sorted[0] ?? 0,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

/** Milliseconds for people: 0.84 ms, 12.3 ms, 1,204 ms. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString("en-US")} ms`;
}

/** "1.07×": a measured value relative to its floor. */
export function ratio(value: number, floor: number): string {
  return floor > 0 ? `${(value / floor).toFixed(2)}×` : "n/a";
}
