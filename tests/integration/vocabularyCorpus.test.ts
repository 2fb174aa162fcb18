import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import abbreviations from '../../resources/vocabulary/abbreviations.json';
import { describeWithShared, SHARED } from './support';
import { countAbbreviations, readMtsamples } from './vocabularyCounts';
import type { EntryCount } from './vocabularyCounts';

// The abbreviation table against 4,999 real transcribed notes (MTSamples, CC0). `npx tsx
// tests/tools/vocabulary-counts.ts` prints the full table of counts. Transcriptions spell out much of what EHR notes
// abbreviate (STEMI, AKI, DOAC never occur here), so entries absent from this corpus are kept.
describeWithShared('abbreviation table against MTSamples', () => {
  let counts: EntryCount[];
  const notesWith = (form: string) => counts.find((c) => c.forms.includes(form))!.notes;

  beforeAll(() => {
    counts = countAbbreviations(abbreviations.entries, readMtsamples(join(SHARED, 'mtsamples')));
  });

  it('holds shorthand that these notes actually use', () => {
    const used = counts.filter((c) => c.notes > 0).length;
    console.log(`[vocabulary] ${used} of ${counts.length} abbreviation entries occur in MTSamples`);
    expect(used / counts.length).toBeGreaterThan(0.6);
    for (const form of ['IV', 'CT', 'MRI', 'EKG', 'CBC', 'HEENT', 'p.o.', 'b.i.d.']) {
      expect(notesWith(form), form).toBeGreaterThanOrEqual(100);
    }
  });

  it('reads titles and ordinary words as such, not as shorthand', () => {
    // "Mr." precedes a name in hundreds of these notes; as shorthand MR (mitral regurgitation) is rare.
    expect(notesWith('MR')).toBeLessThan(60);
    // Lower-case "or", "as", "us" are everywhere; the capitals-only entries count only capitals.
    expect(notesWith('OR')).toBeLessThan(400);
    expect(notesWith('AS')).toBeLessThan(50);
  });
});
