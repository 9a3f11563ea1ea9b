/** What a model-based run counted: operations sent, the refusals the model predicted, and how often each kind ran. */
export type ModelRunStats = { operations: number; refusals: number; kinds: Record<string, number> };

/** Prints one model-based run's counts (for the issue notes and for reading a slow run), kinds by name. */
export function reportModelRun(name: string, stats: ModelRunStats, sequences: number, startedAt: number): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
  console.log(
    `${name} model: ${stats.operations} operations (${stats.refusals} deliberate refusals) in ${sequences} sequences, ${seconds} s`,
  );
  console.log(
    Object.entries(stats.kinds)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, times]) => `${kind} ${times}`)
      .join(", "),
  );
}
