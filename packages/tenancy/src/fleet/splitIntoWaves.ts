/**
 * Wave sizes for `total` tenants: the canary first (when asked for), then the rest in waves of
 * `wavePercent` of `total` (rounded up), or in one wave.
 */
export function splitIntoWaves(total: number, canary?: number, wavePercent?: number): number[] {
  const waves: number[] = [];
  let left = total;
  if (canary !== undefined && left > 0) {
    waves.push(Math.min(canary, left));
    left -= waves[0]!;
  }
  const size = wavePercent === undefined ? left : Math.max(1, Math.ceil((total * wavePercent) / 100));
  while (left > 0) {
    waves.push(Math.min(size, left));
    left -= waves.at(-1)!;
  }
  return waves;
}
