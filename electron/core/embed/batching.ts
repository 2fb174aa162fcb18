/**
 * Length-bucketed batches: rows sorted by length and packed so that rows x longest row stays near a token budget.
 * Measured on 2 cores with 800 MTSamples chunks (MiniLM-L6 fp32 and int8): a budget of 512 tokens embeds 20-25 %
 * faster than 2,048 and peaks ~180 MB lower; 256 is no faster, 8,192 is 40 % slower.
 */
export const DEFAULT_TOKEN_BUDGET = 512;

export interface Batch {
  /** Indexes into the caller's rows, in batch order. */
  rows: number[];
  seqLen: number;
}

export function planBatches(lengths: number[], tokenBudget = DEFAULT_TOKEN_BUDGET, maxBatch = 64): Batch[] {
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
