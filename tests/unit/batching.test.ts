import { describe, expect, it } from 'vitest';
import { planBatches } from '../../electron/core/embed/batching';

describe('planBatches', () => {
  it('covers every row exactly once', () => {
    const lengths = Array.from({ length: 200 }, (_, i) => 5 + ((i * 37) % 250));
    const rows = planBatches(lengths).flatMap((b) => b.rows);
    expect(rows.sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
  });

  it('keeps rows x longest row within the token budget unless a row alone exceeds it', () => {
    const lengths = [10, 500, 20, 30, 256, 256, 256, 12, 3000];
    for (const b of planBatches(lengths, 1024)) {
      expect(b.seqLen).toBe(Math.max(...b.rows.map((r) => lengths[r]!)));
      if (b.rows.length > 1) expect(b.rows.length * b.seqLen).toBeLessThanOrEqual(1024);
    }
  });

  it('groups similar lengths together (length bucketing)', () => {
    const lengths = [200, 10, 200, 10, 200, 10];
    const batches = planBatches(lengths, 420);
    expect(batches[0]!.rows.map((r) => lengths[r])).toEqual([10, 10, 10]);
    expect(batches.at(-1)!.rows.every((r) => lengths[r] === 200)).toBe(true);
  });

  it('caps the batch size', () => {
    expect(planBatches(new Array(100).fill(1), 100_000, 16).every((b) => b.rows.length <= 16)).toBe(true);
  });
});
