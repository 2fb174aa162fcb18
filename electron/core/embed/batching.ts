/**
 * Length-bucketed batches: rows sorted by length and packed so that rows x longest row stays near a token budget.
 * Measured on this CPU class, batch x seq near 2,000 tokens keeps activations in cache; bigger batches get slower.
 */
export interface Batch {
  /** Indexes into the caller's rows, in batch order. */
  rows: number[];
  seqLen: number;
}

export function planBatches(lengths: number[], tokenBudget = 2048, maxBatch = 64): Batch[] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]!);
  const batches: Batch[] = [];
  let current: number[] = [];
  let longest = 0;
  for (const i of order) {
    const len = lengths[i]!;
    const wouldBe = Math.max(longest, len) * (current.length + 1);
    if (current.length > 0 && (wouldBe > tokenBudget || current.length >= maxBatch)) {
      batches.push({ rows: current, seqLen: longest });
      current = [];
      longest = 0;
    }
    current.push(i);
    longest = Math.max(longest, len);
  }
  if (current.length > 0) batches.push({ rows: current, seqLen: longest });
  return batches;
}
