import { describe, expect, it } from 'vitest';
import { clipSpans, decodeSpans, encodeSpans, PageContext } from '../../../electron/core/context';
import { chunkPagesWithContext } from '../../../electron/core/ingest/contextChunks';
import { labelAt } from '../../../electron/core/search/evidence';
import { describeExpansion, contextName } from '../../../electron/shared/explain';
import { expandQuery } from '../../../electron/core/search/vocabulary';

// Chunks of about a dozen words, so a short page makes several.
const BY_WORDS = {
  maxTokens: 12,
  overlapTokens: 2,
  minSectionTokens: 1,
  countTokens: (t: string) => t.split(/\s+/).filter(Boolean).length,
};

describe('context stored with chunks', () => {
  it('is read on the whole page and clipped to each chunk, relative to its start', () => {
    const page =
      'HISTORY OF PRESENT ILLNESS: He has a cough. REVIEW OF SYSTEMS: He denies fever, chills, or night sweats.';
    const chunks = chunkPagesWithContext([{ page: 1, text: page }], BY_WORDS);
    expect(chunks.length).toBeGreaterThan(1);
    const withFever = chunks.find((c) => c.text.includes('fever'))!;
    const at = withFever.text.indexOf('night sweats');
    expect(labelAt(withFever.context!, at, at + 5)).toEqual({ label: 'negated', cue: 'denies' });
    const withCough = chunks.find((c) => c.text.includes('cough'))!;
    const c = withCough.text.indexOf('cough');
    expect(labelAt(withCough.context!, c, c + 5).label).toBe('affirmed');
    for (const chunk of chunks)
      for (const s of chunk.context!) expect(s.start >= 0 && s.end <= chunk.text.length && s.start < s.end).toBe(true);
  });

  it('carries the section a page ends in onto the next page', () => {
    const context = new PageContext();
    context.next('HPI: Doing well.\nFAMILY HISTORY: Mother with diabetes.');
    const next = 'Father with colon cancer.';
    const spans = clipSpans(context.next(next), 0, next.length);
    expect(labelAt(spans, next.indexOf('colon'), next.indexOf('cancer'))).toMatchObject({ label: 'family' });
  });

  it('round-trips through its stored JSON and drops what it cannot trust', () => {
    const spans = [{ start: 2, end: 9, label: 'negated' as const, cue: 'no' }];
    expect(decodeSpans(encodeSpans(spans))).toEqual(spans);
    expect(decodeSpans(null)).toEqual([]);
    expect(decodeSpans('not json')).toEqual([]);
    expect(decodeSpans('[[1, 2, "nonsense", "x"], [0, 3, "family", "mother"], {"a": 1}]')).toEqual([
      { start: 0, end: 3, label: 'family', cue: 'mother' },
    ]);
  });
});

describe('words shown to people', () => {
  it('names contexts as chips, telling conditions from plans', () => {
    expect(contextName('negated')).toBe('Denied');
    expect(contextName('family')).toBe('Family history');
    expect(contextName('hypothetical', 'if')).toBe('Conditional');
    expect(contextName('hypothetical', 'scheduled for')).toBe('Planned');
  });

  it('lists the widening of a query one query phrase at a time', () => {
    expect(describeExpansion(expandQuery('SOB'))).toEqual(['SOB → shortness of breath, dyspnea']);
  });
});
