import { describe, expect, it } from 'vitest';
import abbreviations from '../../resources/vocabulary/abbreviations.json';
import layTerms from '../../resources/vocabulary/lay-terms.json';
import type { QueryExpansion } from '../../electron/shared/queryExpansion';
import { EngineError } from '../../electron/shared/result';
import {
  EXPANSION_WEIGHT,
  GUESS_WEIGHT,
  PRIMARY_GUESS_WEIGHT,
  USER_WEIGHT,
  expandQuery,
} from '../../electron/core/search/vocabulary';
import { buildVocabulary } from '../../electron/core/search/vocabularyData';
import { contentWords, tokenize } from '../../electron/core/search/queryTokens';
import { searchedWords } from '../../electron/core/search/fullTextQuery';

/** The senses chosen for the query words `from` (several when unresolved). */
function sensesOf(x: QueryExpansion, from: string): string[] {
  return [...new Set(x.expansions.filter((e) => e.from.text === from).map((e) => e.sense))];
}
const targets = (x: QueryExpansion, from: string) => x.expansions.filter((e) => e.from.text === from).map((e) => e.to);

describe('abbreviation senses', () => {
  it.each([
    ['MS MRI brain demyelinating lesions', 'multiple sclerosis'],
    ['relapsing MS with optic neuritis', 'multiple sclerosis'],
    ['MS murmur on echo', 'mitral stenosis'],
    ['rheumatic MS valve area', 'mitral stenosis'],
    ['MS 4 mg IV q4h for pain', 'morphine sulfate'],
    ['PE on CT angiogram, started heparin', 'pulmonary embolism'],
    ['D-dimer elevated, rule out PE', 'pulmonary embolism'],
    ['PE findings normal', 'physical examination'],
    ['RA on methotrexate, joint swelling', 'rheumatoid arthritis'],
    ['dilated RA on echo', 'right atrium'],
    ['sat 94% on RA', 'room air'],
    ['CVA tenderness flank pain', 'costovertebral angle'],
    ['pt referred to PT for gait training', 'physical therapy'],
    ['PT and INR on warfarin', 'prothrombin time'],
    ['positive GBS culture at 36 weeks', 'group B streptococcus'],
    ['BS hypoactive abdomen distended', 'bowel sounds'],
  ])('%s → %s', (query, sense) => {
    const x = expandQuery(query);
    const from = /\b(MS|PE|RA|CVA|PT|GBS|BS)\b/.exec(query)![0];
    expect(sensesOf(x, from)).toEqual([sense]);
    const e = x.expansions.find((y) => y.from.text === from)!;
    expect(e.weight).toBe(EXPANSION_WEIGHT);
    expect(e.cues?.length).toBeGreaterThan(0);
    expect(e.alternatives).not.toContain(sense);
  });

  it('every cue in the table selects its own sense', () => {
    const failures: string[] = [];
    for (const entry of abbreviations.entries) {
      if (entry.senses.length < 2) continue;
      const form = entry.forms[0]!;
      for (const sense of entry.senses) {
        for (const cue of (sense as { cues?: string[] }).cues ?? []) {
          // "PR interval" typed in full is the expansion itself, and nothing is added for it.
          if (`${form} ${cue}`.toLowerCase() === sense.sense.toLowerCase()) continue;
          const got = sensesOf(expandQuery(`${form} ${cue}`), form);
          if (got.length !== 1 || got[0] !== sense.sense) failures.push(`${form} + "${cue}" → ${got.join(' | ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('searches every sense lightly when nothing decides, and offers the others as alternatives', () => {
    const x = expandQuery('MS');
    expect(sensesOf(x, 'MS')).toEqual([
      'multiple sclerosis',
      'mitral stenosis',
      'morphine sulfate',
      'musculoskeletal',
      'mental status',
    ]);
    for (const e of x.expansions) {
      expect(e.ambiguous).toBe(true);
      expect(e.weight).toBe(GUESS_WEIGHT);
      expect(e.alternatives).toHaveLength(5);
    }
    expect(sensesOf(expandQuery('QRS 120 ms'), 'ms')).toEqual(['milliseconds']);
    expect(sensesOf(expandQuery('24 hr urine'), 'hr')).toEqual(['hour']);
    const cp = expandQuery('CP');
    expect(cp.expansions.find((e) => e.sense === 'chest pain')!.weight).toBe(PRIMARY_GUESS_WEIGHT);
    expect(cp.expansions.find((e) => e.sense === 'cerebral palsy')!.weight).toBe(GUESS_WEIGHT);
  });

  it("follows the user's pick over the cue words", () => {
    const x = expandQuery('MS murmur', { senses: { ms: 'Multiple Sclerosis' } });
    expect(sensesOf(x, 'MS')).toEqual(['multiple sclerosis']);
    expect(x.expansions[0]!.weight).toBe(EXPANSION_WEIGHT);
  });
});

describe('what is and is not shorthand', () => {
  it.each([
    ['N/V since yesterday', 'N/V', 'nausea and vomiting'],
    ['s/p appendectomy', 's/p', 'status post'],
    ['h/o MI', 'h/o', 'history of'],
    ['c/o chest pain', 'c/o', 'complains of'],
    ['T2DM on metformin', 'T2DM', 'type 2 diabetes mellitus'],
    ['dm2 poorly controlled', 'dm2', 'type 2 diabetes mellitus'],
    ['new a-fib', 'a-fib', 'atrial fibrillation'],
    ['new A-Fib', 'A-Fib', 'atrial fibrillation'],
    ['V-fib arrest', 'V-fib', 'ventricular fibrillation'],
    ['metoprolol b.i.d.', 'b.i.d', 'twice a day'],
    ['recurrent UTIs', 'UTIs', 'urinary tract infection'],
    ['A&Ox3 on arrival', 'A&Ox3', 'alert and oriented'],
    ['C diff colitis', 'C diff', 'Clostridioides difficile'],
    ['non-STEMI last year', 'non-STEMI', 'non-ST elevation myocardial infarction'],
  ])('%s: %s → %s', (query, from, to) => {
    expect(targets(expandQuery(query), from)).toContain(to);
  });

  it('splits "HTN/DM" into its abbreviations, with the offsets of each part', () => {
    const x = expandQuery('hx HTN/DM');
    const htn = x.expansions.find((e) => e.to === 'hypertension')!;
    const dm = x.expansions.find((e) => e.to === 'diabetes mellitus')!;
    expect(htn.from).toEqual({ text: 'HTN', start: 3, end: 6 });
    expect(dm.from).toEqual({ text: 'DM', start: 7, end: 9 });
  });

  it.each([
    'is it as good or better for us',
    'all of the patients were seen in the morning at home',
    'pain that does not go away',
    'Ms. Jones and Mr. Smith with Dr. Brown',
    "I'm worried he will hit his head on the pad",
    'stage IV disease, grade II',
    'CHEST PAIN AS NOTED OR WORSE',
    'we can do a map of the cap',
    'a b c d e x y z 1 2 3 45',
  ])('no shorthand read into ordinary words: %s', (query) => {
    expect(expandQuery(query).expansions.filter((e) => e.kind === 'abbreviation')).toEqual([]);
  });

  it('never matches inside a longer word', () => {
    const x = expandQuery('pulmonary capsule mission basement bphx cabgs stemis');
    expect(x.expansions).toEqual([]);
  });

  it('reads capitals-only shorthand only in capitals', () => {
    expect(targets(expandQuery('AS murmur'), 'AS')).toContain('aortic stenosis');
    expect(targets(expandQuery('seen in the ED'), 'ED')).toContain('emergency department');
    expect(targets(expandQuery('IV fluids'), 'IV')).toContain('intravenous');
    expect(expandQuery('stage IV').expansions).toEqual([]);
  });
});

describe('everyday words and clinical synonyms', () => {
  it.each([
    ['coughing up blood', 'hemoptysis'],
    ['coughs up blood at night', 'hemoptysis'],
    ['throwing up blood', 'hematemesis'],
    ['black tarry stools', 'melena'],
    ['tennis elbow', 'lateral epicondylitis'],
    ["golfer's elbow", 'medial epicondylitis'],
    ['water pill', 'diuretic'],
    ['passed out at church', 'syncope'],
    ['pink eye', 'conjunctivitis'],
    ['kidney stones', 'nephrolithiasis'],
    ['slipped disc', 'disc herniation'],
    ['trouble breathing', 'dyspnea'],
    ['heart attack', 'myocardial infarction'],
    ['stroke', 'cerebrovascular accident'],
    ['high blood pressure', 'hypertension'],
  ])('%s → %s', (query, clinical) => {
    const x = expandQuery(query);
    const e = x.expansions.find((y) => y.to === clinical);
    expect(e?.kind).toBe('lay');
    expect(e!.weight).toBeLessThan(USER_WEIGHT);
  });

  it('adds the shorthand notes use for the clinical term', () => {
    expect(targets(expandQuery('heart attack'), 'heart attack')).toEqual(['myocardial infarction', 'MI']);
    const mi = expandQuery('myocardial infarction').expansions;
    expect(mi.map((e) => [e.kind, e.to])).toEqual([
      ['synonym', 'MI'],
      ['synonym', 'heart attack'],
    ]);
    expect(targets(expandQuery('hypertension'), 'hypertension')).toContain('HTN');
  });

  it('chooses "sugar" as glucose or diabetes by the other words', () => {
    expect(sensesOf(expandQuery('sugar level 300'), 'sugar')).toEqual(['glucose']);
    expect(sensesOf(expandQuery('history of sugar on insulin'), 'sugar')).toEqual(['diabetes mellitus']);
  });

  it('prefers the longest phrase: "high blood pressure" is hypertension, not blood pressure', () => {
    const x = expandQuery('high blood pressure');
    expect(new Set(x.expansions.map((e) => e.from.text))).toEqual(new Set(['high blood pressure']));
  });

  it('weighs shorthand with other meanings no more than a guess', () => {
    const pe = expandQuery('pulmonary embolism').expansions.find((e) => e.to === 'PE')!;
    expect(pe.weight).toBe(GUESS_WEIGHT);
  });
});

describe('offsets and terms', () => {
  it('reports spans that slice back to the typed words', () => {
    const query = '  Pt c/o SOB, N/V; h/o MS (MRI brain) and a-fib… coughing up blood!';
    const x = expandQuery(query);
    expect(x.expansions.length).toBeGreaterThan(6);
    for (const e of [...x.expansions.map((y) => y.from), ...x.terms]) {
      expect(query.slice(e.start, e.end)).toBe(e.text);
    }
    expect(x.terms.map((t) => t.text)).toContain('c/o');
  });

  it('keeps the same abbreviation typed twice apart', () => {
    const x = expandQuery('SOB then SOB');
    expect(new Set(x.expansions.map((e) => e.from.start))).toEqual(new Set([0, 9]));
  });

  it('does not add what the user already typed', () => {
    const x = expandQuery('MI myocardial infarction');
    expect(x.expansions.map((e) => e.to)).not.toContain('myocardial infarction');
  });

  it("lists the words to highlight: the user's first, then the expansions', without stop words", () => {
    expect(searchedWords(expandQuery('SOB and coughing up blood'))).toEqual([
      'sob',
      'coughing',
      'up',
      'blood',
      'shortness',
      'breath',
      'dyspnea',
      'hemoptysis',
    ]);
  });

  it('counts the words the index scores, as the index does', () => {
    expect(contentWords('shortness of breath')).toEqual(['shortness', 'breath']);
    expect(tokenize('golfer’s elbow')[0]!.stem).toBe(tokenize("golfer's elbow")[0]!.stem);
  });
});

describe('table validation', () => {
  const good = { abbreviations, layTerms };
  const fails = (source: Parameters<typeof buildVocabulary>[0], pattern: RegExp) => {
    expect(() => buildVocabulary(source)).toThrow(EngineError);
    expect(() => buildVocabulary(source)).toThrow(pattern);
  };

  it('names the file and field of bad data', () => {
    fails(
      { ...good, abbreviations: { entries: [{ forms: ['X1'], senses: [] }] } },
      /abbreviations\.json: entries\.0\.senses/,
    );
    fails(
      { ...good, layTerms: { entries: [{ lay: ['x'], senses: [{ sense: 1 }] }] } },
      /lay-terms\.json: entries\.0\.senses\.0\.sense/,
    );
    fails(
      {
        ...good,
        abbreviations: {
          entries: [
            {
              forms: ['AB'],
              senses: [
                { sense: 'a', primary: true },
                { sense: 'b', primary: true },
              ],
            },
          ],
        },
      },
      /entries\.0: more than one sense is marked primary/,
    );
    fails(
      {
        ...good,
        abbreviations: {
          entries: [
            { forms: ['AB'], senses: [{ sense: 'a' }] },
            { forms: ['ab'], senses: [{ sense: 'b' }] },
          ],
        },
      },
      /entries\.1\.forms\.0: "ab" is already listed/,
    );
    fails(
      { ...good, abbreviations: { entries: [{ forms: ['AB'], senses: [{ sense: 'a', cues: ['--'] }] }] } },
      /cues\.0/,
    );
  });

  it('ships tables of the promised size', () => {
    const forms = abbreviations.entries.flatMap((e) => e.forms);
    const senses = abbreviations.entries.flatMap((e) => e.senses);
    expect(abbreviations.entries.length).toBeGreaterThanOrEqual(250);
    expect(senses.length).toBeGreaterThan(abbreviations.entries.length);
    expect(forms.length).toBeGreaterThan(abbreviations.entries.length);
    expect(layTerms.entries.flatMap((e) => e.lay).length).toBeGreaterThanOrEqual(150);
  });
});
