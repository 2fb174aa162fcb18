import { describe, expect, it } from 'vitest';
import { canonicalSection, detectSections } from '../../electron/core/ingest/sections';
import { SECTIONS, readableSection } from '../../electron/shared/sections';

// The UI's section choices must be names the engine stores, or filtering by them finds nothing.
describe('the section filter’s choices', () => {
  it.each(SECTIONS)('"%s" is what the engine stores for that heading', (name) => {
    expect(canonicalSection(name)).toBe(name);
    expect(detectSections(`Seen today.  ${name}:  Details follow.`).map((s) => s.name)).toEqual([name]);
  });

  it('include the names the engine folds common abbreviations into', () => {
    const folded = ['HPI', 'CC', 'PMH', 'PSH', 'ROS', 'A/P', 'MEDS'].map(canonicalSection);
    expect(SECTIONS).toEqual(expect.arrayContaining(folded));
  });

  it('read as sentence case, leaving headings outside the list as written', () => {
    expect(readableSection('HISTORY OF PRESENT ILLNESS')).toBe('History of present illness');
    expect(readableSection('ASSESSMENT AND PLAN')).toBe('Assessment and plan');
    expect(readableSection('HEENT')).toBe('HEENT');
  });
});
