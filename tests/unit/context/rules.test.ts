import { describe, expect, it } from 'vitest';
import { compileRules, defaultRules, matchAt, sectionLabel } from '../../../electron/core/context/rules';
import { tokenize } from '../../../electron/core/context/tokens';
import { EngineError } from '../../../electron/shared/result';

function match(phrase: string) {
  const tokens = tokenize(phrase);
  const m = matchAt(defaultRules(), tokens, 0);
  return (
    m && { length: m.length, of: tokens.length, ...m.rules, pseudo: !!m.rules.pseudo, stops: m.rules.stops.length }
  );
}

describe('tokenize', () => {
  it('splits the way the rule literals are written', () => {
    const norms = (s: string) => tokenize(s).map((t) => t.norm);
    expect(norms("He doesn't, mother's")).toEqual(['he', 'does', "n't", ',', 'mother', "'s"]);
    expect(norms('S/P CABG, r/o MI, cannot')).toEqual(['s/p', 'cabg', ',', 'r/o', 'mi', ',', 'can', 'not']);
    expect(norms('45-year-old x-ray')).toEqual(['45', 'year', 'old', 'x', 'ray']);
  });

  it('keeps offsets into the original text', () => {
    const text = 'xx Denies pain';
    const [first] = tokenize(text, 3);
    expect(text.slice(first!.start, first!.end)).toBe('Denies');
  });
});

describe('bundled rules', () => {
  it.each([
    ['denies', 'negated', 'forward'],
    ['no evidence of', 'negated', 'forward'],
    ['negative for', 'negated', 'forward'],
    ['was ruled out', 'negated', 'backward'],
    ['cannot be ruled out', 'possible', 'backward'],
    ['not been ruled out', 'possible', 'backward'],
    ['rule out', 'possible', 'forward'],
    ['versus', 'possible', 'bidirectional'],
    ['risks include', 'hypothetical', 'forward'],
    ['will undergo', 'hypothetical', 'forward'],
    ['if', 'hypothetical', 'forward'],
    ['status post', 'historical', 'forward'],
    ['s/p', 'historical', 'forward'],
    ['has resolved', 'historical', 'backward'],
    ['family history of', 'family', 'forward'],
    ["mother's", 'family', 'forward'],
    ['in his father', 'family', 'backward'],
  ])('"%s" is a %s trigger looking %s over the whole phrase', (phrase, label, direction) => {
    const m = match(phrase);
    expect(m?.length).toBe(m?.of);
    expect(m?.trigger).toMatchObject({ label, direction });
    expect(m?.pseudo).toBe(false);
  });

  it.each(['gram negative', 'no change', 'history of present illness', 'day history', 'not limited to'])(
    '"%s" is a pseudo-trigger',
    (phrase) => {
      expect(match(phrase)).toMatchObject({ pseudo: true });
    },
  );

  it.each(['but', 'however', 'other than', 'which', 'positive for', ';'])('"%s" ends scopes', (phrase) => {
    expect(match(phrase)?.stops).toBeGreaterThan(0);
  });

  it('records where each rule came from', () => {
    const m = match('denies');
    expect(m?.trigger?.source).toBe('clinote');
    expect(match('absence of')?.trigger?.source).toBe('medspacy-1.3.1');
  });
});

describe('section labels', () => {
  const rules = defaultRules();
  it.each([
    ['FAMILY HISTORY', 'family'],
    ['Family History:', 'family'],
    ['FHX', 'family'],
    ['PAST MEDICAL HISTORY', 'historical'],
    ['PMH', 'historical'],
    ['PAST SURGICAL HISTORY', 'historical'],
    ['PAST MEDICAL AND SURGICAL HISTORY', 'historical'],
    ['PAST PSYCHIATRIC HISTORY', 'historical'],
  ])('%s labels its mentions %s', (name, label) => {
    expect(sectionLabel(rules, name)).toBe(label);
  });

  it.each(['REVIEW OF SYSTEMS', 'HISTORY', 'HISTORY OF PRESENT ILLNESS', 'PLAN', 'FAMILY/SOCIAL HISTORY', undefined])(
    '%s gives no label of its own',
    (name) => {
      expect(sectionLabel(rules, name)).toBeUndefined();
    },
  );
});

describe('compileRules', () => {
  const one = (rule: object) => ({ rules: [rule] });
  const expectBad = (resource: unknown, subject: RegExp, reason: RegExp) => {
    try {
      compileRules(resource, 'test.json');
      expect.unreachable('compileRules accepted a broken resource');
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).kind).toBe('BadInput');
      expect((err as EngineError).subject).toMatch(subject);
      expect((err as EngineError).message).toMatch(reason);
    }
  };

  it('names the rule and the reason when a rule is broken', () => {
    expectBad(one({ category: 'maybe', direction: 'forward', patterns: ['x'] }), /rules\[0\]\.category/, /maybe/);
    expectBad(one({ category: 'negated', direction: 'sideways', patterns: ['x'] }), /direction/, /sideways/);
    expectBad(one({ category: 'negated', direction: 'forward' }), /patterns/, /missing/);
    expectBad(one({ category: 'negated', direction: 'forward', patterns: ['No'] }), /rules\[0\]/, /lower-case/);
    expectBad(one({ category: 'negated', direction: 'forward', patterns: ['x-ray'] }), /rules\[0\]/, /one/);
    expectBad(one({ direction: 'forward', patterns: ['x'] }), /category/, /needs a category/);
    expectBad({ rules: 'none' }, /test\.json\.rules/, /not a list/);
  });

  it('expands alternatives and optional slots into phrases', () => {
    const set = compileRules(one({ category: 'negated', direction: 'forward', patterns: ['no|not any? pain|ache'] }));
    for (const phrase of ['no pain', 'not any ache', 'no any pain']) {
      const toks = tokenize(phrase);
      expect(matchAt(set, toks, 0)?.length).toBe(toks.length);
    }
    expect(matchAt(set, tokenize('any pain'), 0)).toBeUndefined();
  });
});
