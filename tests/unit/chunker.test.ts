import { describe, expect, it } from 'vitest';
import { chunkPage } from '../../electron/core/ingest/chunker';
import { detectSections } from '../../electron/core/ingest/sections';

// A word is one token: enough to test packing logic without a model.
const countTokens = (t: string) => (t.match(/\S+/g) ?? []).length;

describe('detectSections', () => {
  it('finds headings at line starts and in the comma runs of exported notes', () => {
    const text = 'SUBJECTIVE:,  This 23-year-old presents.,PAST MEDICAL HISTORY:, Asthma.\nMEDICATIONS: Albuterol.';
    expect(detectSections(text).map((s) => s.name)).toEqual(['SUBJECTIVE', 'PAST MEDICAL HISTORY', 'MEDICATIONS']);
  });

  it('folds common abbreviations to one name and ignores units', () => {
    const text = 'HPI: Cough for 3 days. Dose given at 10 AM: none.\nA/P: Bronchitis.';
    expect(detectSections(text).map((s) => s.name)).toEqual(['HISTORY OF PRESENT ILLNESS', 'ASSESSMENT AND PLAN']);
  });
});

describe('chunkPage', () => {
  const sentence = (i: number) => `Sentence number ${i} has six words.`;

  it('packs whole sentences up to the token limit with offsets that point into the page', () => {
    const text = Array.from({ length: 20 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkPage(3, text, { maxTokens: 20, overlapTokens: 0, countTokens });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.page).toBe(3);
      expect(text.slice(c.start, c.end)).toBe(c.text);
      expect(countTokens(c.text)).toBeLessThanOrEqual(20);
      expect(c.text.endsWith('.')).toBe(true);
    }
  });

  it('overlaps neighbours by about the overlap budget', () => {
    const text = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkPage(1, text, { maxTokens: 18, overlapTokens: 6, countTokens });
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBeLessThan(chunks[i - 1]!.end);
    const covered = chunks.map((c) => c.text).join(' ');
    for (let i = 0; i < 12; i++) expect(covered).toContain(sentence(i));
  });

  it('does not straddle a section heading and records each chunk section', () => {
    const text = 'HISTORY: Cough for two days.\nASSESSMENT: Viral bronchitis. Rest and fluids.';
    const chunks = chunkPage(1, text, { maxTokens: 100, overlapTokens: 10, countTokens, minSectionTokens: 3 });
    expect(chunks.map((c) => c.section)).toEqual(['HISTORY', 'ASSESSMENT']);
    expect(chunks[1]!.text.startsWith('ASSESSMENT:')).toBe(true);
  });

  it('cuts an over-long sentence at word boundaries', () => {
    const text = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunkPage(1, text, { maxTokens: 10, overlapTokens: 0, countTokens });
    expect(chunks).toHaveLength(5);
    expect(chunks.every((c) => countTokens(c.text) <= 10)).toBe(true);
  });

  it('returns nothing for an empty page', () => {
    expect(chunkPage(1, ' \n ', { maxTokens: 10, overlapTokens: 2, countTokens })).toEqual([]);
  });
});

describe('sentenceRanges', () => {
  it('covers the text without gaps and does not end sentences inside numbers or abbreviations', async () => {
    const { sentenceRanges } = await import('../../electron/core/text/sentences');
    const text = 'Creatinine 2.5 mg/dL today. Dr.Smith saw him!\nPlan: recheck...  Follow up?';
    const ranges = sentenceRanges(text);
    expect(ranges.map(([s, e]) => text.slice(s, e)).join('')).toBe(text);
    expect(ranges.map(([s, e]) => text.slice(s, e).trim())).toEqual([
      'Creatinine 2.5 mg/dL today.',
      'Dr.Smith saw him!',
      'Plan: recheck...',
      'Follow up?',
    ]);
  });

  // Found by tests/fuzz/text.fuzz.test.ts.
  it('cuts a single word longer than the budget by characters, so no chunk is over budget', () => {
    const byChars = (t: string) => Math.ceil(t.length / 4);
    const rule = '_'.repeat(130);
    const text = `PLAN: follow up. ${rule} Seen by Dr. Smith.`;
    const chunks = chunkPage(1, text, { maxTokens: 15, overlapTokens: 0, countTokens: byChars });
    for (const c of chunks) expect(byChars(c.text)).toBeLessThanOrEqual(15);
    expect(chunks.map((c) => c.text).join('')).toContain(rule.slice(0, 60));
    const covered = chunks.reduce((n, c) => n + (c.text.match(/_/g) ?? []).length, 0);
    expect(covered).toBeGreaterThanOrEqual(130);
  });

  it('makes no empty chunk of a page that is only commas', () => {
    expect(chunkPage(1, ',', { maxTokens: 99, overlapTokens: 10, countTokens })).toEqual([]);
    expect(chunkPage(1, ' , ,\n,', { maxTokens: 99, overlapTokens: 10, countTokens })).toEqual([]);
  });
});
