import { describe, expect, it } from 'vitest';
import { detectContext, labelAt } from '../../../electron/core/context';
import type { ContextLabel, DetectOptions } from '../../../electron/core/context';

/** The label of the (single) occurrence of `target` in `text`. */
function label(text: string, target: string, opts?: DetectOptions): ContextLabel {
  const at = text.indexOf(target);
  if (at < 0 || text.indexOf(target, at + 1) >= 0) throw new Error(`"${target}" must occur once in "${text}"`);
  return labelAt(detectContext(text, opts), at, at + target.length);
}

describe('detectContext: negation', () => {
  it('covers every item of a review-of-systems list', () => {
    const text =
      'Negative for fever, chills, night sweats, fatigue, weight loss, headache, blurred vision, chest pain, ' +
      'palpitations, cough, or shortness of breath.';
    expect(label(text, 'fever')).toBe('negated');
    expect(label(text, 'shortness of breath')).toBe('negated');
  });

  it('stops at a terminator', () => {
    const text = 'No chest pain but positive for shortness of breath.';
    expect(label(text, 'chest pain')).toBe('negated');
    expect(label(text, 'shortness of breath')).toBe('affirmed');
    expect(label('No neurologic deficits other than some numbness.', 'numbness')).toBe('affirmed');
    expect(label('She has no headaches and she has mild joint pains.', 'joint pains')).toBe('affirmed');
  });

  it('stops at the end of the sentence and at its word budget', () => {
    expect(label('She denies fever. Cough is productive.', 'Cough')).toBe('affirmed');
    const far = 'No fever, the patient was admitted to the ward and given antibiotics for pneumonia.';
    expect(label(far, 'fever')).toBe('negated');
    expect(label(far, 'pneumonia')).toBe('affirmed');
  });

  it('looks backward from triggers that follow the finding', () => {
    expect(label('Hepatitis B was ruled out.', 'Hepatitis B')).toBe('negated');
    expect(label('A mass is not seen.', 'mass')).toBe('negated');
    const scan = 'He had his first colonoscopy 6 years ago and the most recent bone scan was negative.';
    expect(label(scan, 'colonoscopy')).toBe('historical');
  });

  it('ignores pseudo-triggers', () => {
    expect(label('No change in the size of the mass.', 'mass')).toBe('affirmed');
    expect(label('Cultures grew gram negative rods.', 'rods')).toBe('affirmed');
    expect(label('Risks include but not limited to bleeding.', 'bleeding')).toBe('hypothetical');
  });
});

describe('detectContext: other labels', () => {
  it('tells a history of from a family history of and from a present illness', () => {
    expect(label('He has a history of hypertension.', 'hypertension')).toBe('historical');
    expect(label('Family history of colon cancer.', 'colon cancer')).toBe('family');
    expect(label('She has a 2-day history of fever.', 'fever')).toBe('affirmed');
    expect(label('Admitted with a history of gagging.', 'gagging')).toBe('affirmed');
  });

  it('labels relatives, before or after the finding, but not an informant', () => {
    expect(label('Mother had breast cancer.', 'breast cancer')).toBe('family');
    expect(label('Significant for diabetes in his father.', 'diabetes')).toBe('family');
    expect(label('Mother states that he has had a fever.', 'fever')).toBe('affirmed');
    expect(label('He came with his mother complaining of ear pain.', 'ear pain')).toBe('affirmed');
  });

  it('labels uncertainty, including rule out and versus', () => {
    expect(label('CT to rule out pulmonary embolism.', 'pulmonary embolism')).toBe('possible');
    expect(label('Pneumothorax versus effusion.', 'effusion')).toBe('possible');
    expect(label('Pneumonia cannot be ruled out.', 'Pneumonia')).toBe('possible');
    expect(label('Lung cancer with metastasis most likely.', 'metastasis')).toBe('possible');
    expect(label('Pyelonephritis likely secondary to mucous plugging.', 'Pyelonephritis')).toBe('affirmed');
  });

  it('labels plans and conditions hypothetical, a possible procedure too', () => {
    expect(label('Return if symptoms worsen.', 'symptoms')).toBe('hypothetical');
    expect(label('The patient will undergo a colonoscopy.', 'colonoscopy')).toBe('hypothetical');
    expect(label('A right brachiocephalic fistula is being planned.', 'fistula')).toBe('hypothetical');
    expect(label('Cardiac catheterization, possible percutaneous intervention.', 'intervention')).toBe('hypothetical');
  });

  it('labels status post and resolved findings historical', () => {
    expect(label('Status post appendectomy.', 'appendectomy')).toBe('historical');
    expect(label('s/p CABG in 2005.', 'CABG')).toBe('historical');
    expect(label('Her diarrhea has resolved.', 'diarrhea')).toBe('historical');
  });
});

describe('detectContext: sections', () => {
  it('labels a whole family or past history section, from a heading in the text or the option', () => {
    const text = 'HPI:,  He has diabetes. FAMILY HISTORY:,  Diabetes in father. Hypertension.';
    expect(label(text, 'Hypertension')).toBe('family');
    expect(label(text, 'He has diabetes')).toBe('affirmed');
    expect(label('Hypertension.', 'Hypertension', { section: 'PAST MEDICAL HISTORY' })).toBe('historical');
    expect(label('Hypertension.', 'Hypertension', { section: 'REVIEW OF SYSTEMS' })).toBe('affirmed');
  });

  it('lets a trigger win over the section by precedence', () => {
    const pmh = { section: 'PAST MEDICAL HISTORY' };
    expect(label('Negative for diabetes.', 'diabetes', pmh)).toBe('negated');
    expect(label('No history of colon cancer.', 'colon cancer', { section: 'FAMILY HISTORY' })).toBe('family');
  });
});

describe('spans and labelAt', () => {
  it('gives offsets into the text and the trigger that caused each span', () => {
    const text = 'Exam today.\nShe denies chest pain.';
    const [span] = detectContext(text);
    expect(span).toMatchObject({ label: 'negated', cause: { kind: 'trigger', text: 'denies' } });
    expect(text.slice(span!.start, span!.end)).toBe('denies chest pain');
    const cause = span!.cause as { start: number; end: number };
    expect(text.slice(cause.start, cause.end)).toBe('denies');
  });

  it('names the section when a section caused the span', () => {
    const [span] = detectContext('Asthma.', { section: 'FAMILY HISTORY' });
    expect(span).toMatchObject({ label: 'family', cause: { kind: 'section', name: 'FAMILY HISTORY' } });
  });

  it('resolves overlapping labels by precedence and calls an uncovered mention affirmed', () => {
    const spans = [
      { start: 0, end: 10, label: 'historical' as const, cause: { kind: 'section' as const, name: 'PMH' } },
      { start: 5, end: 10, label: 'negated' as const, cause: { kind: 'section' as const, name: 'x' } },
      { start: 5, end: 10, label: 'family' as const, cause: { kind: 'section' as const, name: 'y' } },
    ];
    expect(labelAt(spans, 0, 3)).toBe('historical');
    expect(labelAt(spans, 6, 8)).toBe('family');
    expect(labelAt(spans.slice(0, 2), 6, 8)).toBe('negated');
    expect(labelAt(spans, 10, 12)).toBe('affirmed');
    expect(labelAt([], 0, 1)).toBe('affirmed');
  });

  it('returns nothing for text without triggers', () => {
    expect(detectContext('')).toEqual([]);
    expect(detectContext('The abdomen is soft.')).toEqual([]);
  });
});

describe('detectContext: linear time', () => {
  const MB = 1 << 20;
  // Measured alone on a shared 2-core machine: 20-600 ms each (1.2 s for the repeated trigger word while the whole
  // suite ran beside other work). The bounds leave room for a loaded box but catch a quadratic step, which takes tens
  // of seconds at this size (Intl.Segmenter over one long string did).
  it.each([
    ['spaces', ' '.repeat(MB), 1000],
    ['angle brackets', '<'.repeat(MB), 1000],
    ['a repeated trigger word', 'no '.repeat(MB / 3), 2000],
    ['a repeated plain word', 'fever '.repeat(MB / 6), 1000],
    ['colons', ':'.repeat(MB), 2000],
    ['upper-case words and colons', 'AB CD: '.repeat(MB / 7), 2000],
    ['one long list under a trigger', 'no fever, '.repeat(MB / 10), 2000],
    ['blank lines', ' \n  \n'.repeat(MB / 5), 2000],
    ['short sentences', 'Mother had no history of cancer. '.repeat(MB / 33), 2000],
    [
      'exported note sections',
      'ROS:,  Negative for fever.,FAMILY HISTORY:,  Mother had diabetes.  '.repeat(MB / 68),
      3000,
    ],
  ])('handles 1 MB of %s in linear time', (_name, text, bound) => {
    const t0 = performance.now();
    detectContext(text);
    expect(performance.now() - t0).toBeLessThan(bound);
  });
});
