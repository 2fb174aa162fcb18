import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../electron/core/search/fusion';

const list = (...ids: string[]) => ids.map((id) => ({ id, item: id }));

describe('reciprocalRankFusion', () => {
  it('scores by 1/(k+rank) summed over lists', () => {
    const fused = reciprocalRankFusion([list('a', 'b'), list('b', 'c')], undefined, 60);
    const b = fused.find((f) => f.id === 'b')!;
    expect(b.score).toBeCloseTo(1 / 62 + 1 / 61, 10);
    expect(fused[0]!.id).toBe('b');
    expect(b.ranks).toEqual([1, 0]);
  });

  it('keeps items found by one list only, ranked below agreement', () => {
    const fused = reciprocalRankFusion([list('x', 'y', 'z'), list('z')]);
    expect(fused.map((f) => f.id)).toEqual(['z', 'x', 'y']);
    expect(fused.find((f) => f.id === 'x')!.ranks).toEqual([0, -1]);
  });

  it('applies list weights', () => {
    const fused = reciprocalRankFusion([list('a'), list('b')], [1, 2]);
    expect(fused[0]!.id).toBe('b');
  });
});
