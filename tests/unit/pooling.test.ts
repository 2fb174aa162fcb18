import { describe, expect, it } from 'vitest';
import { cosine, l2normalize, pool } from '../../electron/core/embed/pooling';

// batch 2, seq 3, dim 2: row 0 has 2 real tokens, row 1 has 3.
const hidden = Float32Array.from([1, 2, 3, 4, 100, 100, 5, 6, 7, 8, 9, 10]);
const mask = [1, 1, 0, 1, 1, 1];

describe('pool', () => {
  it('takes the first token for CLS pooling', () => {
    expect([...pool(hidden, mask, 2, 3, 2, 'cls', false)]).toEqual([1, 2, 5, 6]);
  });

  it('averages only unmasked tokens for mean pooling', () => {
    expect([...pool(hidden, mask, 2, 3, 2, 'mean', false)]).toEqual([2, 3, 7, 8]);
  });

  it('normalises each row to unit length', () => {
    const out = pool(hidden, mask, 2, 3, 2, 'cls', true);
    expect(Math.hypot(out[0]!, out[1]!)).toBeCloseTo(1, 6);
    expect(out[0]! / out[1]!).toBeCloseTo(0.5, 6);
  });

  it('accepts bigint masks as the ONNX tensors hold them', () => {
    expect([...pool(hidden, mask.map(BigInt), 2, 3, 2, 'mean', false)]).toEqual([2, 3, 7, 8]);
  });
});

describe('vector helpers', () => {
  it('l2normalize leaves a zero vector finite', () => {
    expect([...l2normalize(new Float32Array(3))]).toEqual([0, 0, 0]);
  });

  it('cosine of parallel, orthogonal and opposite vectors', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 6);
    expect(cosine([1, 0], [0, 3])).toBeCloseTo(0, 6);
    expect(cosine([1, 1], [-1, -1])).toBeCloseTo(-1, 6);
  });
});
