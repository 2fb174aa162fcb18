import { describe, expect, it } from 'vitest';
import { findInItems } from './textMatch';

describe('findInItems', () => {
  const items = ['Patient reports short-', 'ness of breath on ', 'exertion.', 'No chest pain.'];

  it('finds a passage spread over items, whatever the spacing and punctuation', () => {
    const ranges = findInItems(items, 'shortness of breath on exertion');
    expect(ranges).toEqual([
      { item: 0, start: 16, end: 21 },
      { item: 1, start: 0, end: 17 },
      { item: 2, start: 0, end: 8 },
    ]);
  });

  it('folds ligatures and case', () => {
    expect(findInItems(['Eﬃcacy was measured'], 'EFFICACY WAS')).toEqual([{ item: 0, start: 0, end: 10 }]);
  });

  it('falls back to the longest matching prefix', () => {
    const ranges = findInItems(items, 'breath on exertion, and the rest is gone');
    expect(ranges?.[0]).toEqual({ item: 1, start: 8, end: 17 });
  });

  it('returns null when the passage is elsewhere', () => {
    expect(findInItems(items, 'completely unrelated words')).toBeNull();
  });
});
