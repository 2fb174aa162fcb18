import { describe, expect, it } from 'vitest';
import { findHeadings, segment } from '../../../electron/core/context/sentences';

const known = (name: string) => ['FAMILY HISTORY', 'PAST MEDICAL HISTORY'].includes(name.trim().toUpperCase());
const units = (text: string, section?: string) =>
  segment(text, known, section).map((s) => [text.slice(s.start, s.end).trim(), s.section]);

describe('segment', () => {
  it('splits at headings, including the comma runs of exported notes', () => {
    const text = 'HPI:,  He has no fever. FAMILY HISTORY:,  Mother had diabetes.';
    expect(units(text)).toEqual([
      [',  He has no fever.', 'HPI'],
      [',  Mother had diabetes.', 'FAMILY HISTORY'],
    ]);
  });

  it('starts in the section it is given', () => {
    expect(units('Hypertension.', 'PAST MEDICAL HISTORY')).toEqual([['Hypertension.', 'PAST MEDICAL HISTORY']]);
  });

  it('breaks at ".," where an export lost a line break', () => {
    expect(units('Denies TIA symptoms.,Genitourinary: He has nocturia.').map((u) => u[0])).toEqual([
      'Denies TIA symptoms.',
      'Genitourinary: He has nocturia.',
    ]);
  });

  it('keeps a wrapped line with its sentence and breaks at a new line that starts afresh', () => {
    const text = 'The patient denies\nchest pain or\nshortness of breath,\nNausea.\nMother has asthma';
    expect(units(text).map((u) => u[0])).toEqual([
      'The patient denies\nchest pain or\nshortness of breath,\nNausea.',
      'Mother has asthma',
    ]);
  });
});

describe('findHeadings', () => {
  it('finds upper-case and known mixed-case headings, not vital signs or times', () => {
    const text = 'BP: 120/80 at 10:30. PAST MEDICAL HISTORY: None. Family History: Asthma. He said: no.';
    expect(findHeadings(text, known).map((h) => h.name)).toEqual(['PAST MEDICAL HISTORY', 'Family History']);
  });

  it('needs a heading to open a line, follow punctuation or two spaces', () => {
    expect(findHeadings('the patient has COPD: stable', known)).toEqual([]);
    expect(findHeadings('stable.  ASSESSMENT: stable', known).map((h) => h.name)).toEqual(['ASSESSMENT']);
  });
});
