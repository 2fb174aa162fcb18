import { describe, expect, it } from 'vitest';
import type { ContextLabel, Evidence } from '../../../electron/shared/types';
import { clipSpans, PageContext } from '../../../electron/core/context';
import { answers, placeByContext } from '../../../electron/core/search/contextRank';
import type { Read } from '../../../electron/core/search/contextRank';
import { readEvidence } from '../../../electron/core/search/evidence';
import { askedContext, readQuery } from '../../../electron/core/search/queryIntent';

/** A chunk's text read as an import reads it (context of the whole text), then against the query. */
function read(text: string, query: string) {
  const spans = clipSpans(new PageContext().next(text), 0, text.length);
  return readEvidence(text, spans, readQuery(query));
}

const quote = (text: string, e: Evidence) => text.slice(e.start, e.end);

describe('the context a query asks about', () => {
  it('is read from a trigger at either end whose scope covers the rest of the query', () => {
    expect(askedContext('denies chest pain')).toMatchObject({ label: 'negated' });
    expect(askedContext('no melena')).toMatchObject({ label: 'negated' });
    expect(askedContext('family history of colon cancer')).toMatchObject({ label: 'family' });
    expect(askedContext('mother with breast cancer')).toMatchObject({ label: 'family' });
    expect(askedContext('possible pneumonia')).toMatchObject({ label: 'possible' });
  });

  it('is none for a plain finding, or for a trigger that qualifies only part of the query', () => {
    expect(askedContext('shortness of breath')).toBeUndefined();
    expect(askedContext('lumbar puncture for suspected meningitis')).toBeUndefined();
    expect(askedContext('aspirin does not reduce the risk of stroke')).toBeUndefined();
  });

  it('leaves the asking words out of what the evidence must hold', () => {
    const intent = readQuery('family history of colon cancer');
    expect(intent.target).toBe('family');
    expect(intent.cue).toBe('family history of');
    expect(intent.slots.map((s) => s.text)).toEqual(['colon', 'cancer']);
  });

  it('turns the vocabulary into slots any of whose wordings fills it', () => {
    const intent = readQuery('SOB on exertion');
    const sob = intent.slots.find((s) => s.text === 'SOB')!;
    expect(sob.wordings.map((w) => w.stems.join(' '))).toEqual(
      expect.arrayContaining(['=sob', 'short breath', 'dyspnea']),
    );
    expect(sob.wordings.find((w) => w.stems.join(' ') === 'dyspnea')!.via).toBe('SOB');
    expect(readQuery('SOB', { expand: false }).slots).toEqual([
      { text: 'SOB', start: 0, wordings: [{ stems: ['=sob'] }] },
    ]);
  });
});

describe('evidence read from a chunk', () => {
  it('labels a review-of-systems denial as denied, with its trigger', () => {
    const text = 'REVIEW OF SYSTEMS: Constitutional: No fever. RESPIRATORY: No shortness of breath or cough.';
    const r = read(text, 'shortness of breath');
    expect(r.coverage).toBe(1);
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence[0]).toMatchObject({ label: 'negated', cue: 'No', by: 'words' });
    expect(quote(text, r.evidence[0]!)).toBe('RESPIRATORY: No shortness of breath or cough.');
  });

  it('matches shorthand by its spelling, never by a stem it shares with a word', () => {
    const text = 'She does walk daily. She denies DOE.';
    const r = read(text, 'DOE');
    expect(r.matches.map((m) => text.slice(m.start, m.end))).toEqual(['DOE']);
    expect(r.evidence[0]).toMatchObject({ label: 'negated', cue: 'denies' });
  });

  it('finds an abbreviation through its expansion and says which query word it stood for', () => {
    const text = 'HPI: He reports dyspnea on exertion for two weeks.';
    const r = read(text, 'SOB');
    expect(r.evidence[0]).toMatchObject({ label: 'affirmed', by: 'words' });
    expect(r.words).toEqual([{ text: 'dyspnea', via: 'SOB' }]);
    expect(r.matches.map((m) => text.slice(m.start, m.end))).toEqual(['dyspnea']);
  });

  it('judges by the sentences that hold the most of the query: a whole denial outweighs a stray word', () => {
    const text = 'CHEST: Clear to auscultation. CARDIOVASCULAR: Denies chest pain or palpitations.';
    const r = read(text, 'chest pain');
    expect(r.evidence.map((e) => e.label)).toEqual(['negated']);
    expect(quote(text, r.evidence[0]!)).toContain('Denies chest pain');
  });

  it('lets a scope that reaches into a phrase qualify all of it', () => {
    const text = 'Left main coronary artery is a moderate-caliber vessel free of disease.';
    expect(read(text, 'coronary artery disease').evidence[0]).toMatchObject({ label: 'negated', cue: 'free of' });
  });

  it('reads "A or B" as alternatives: a sentence holding one of them holds the query', () => {
    const text = 'GASTROINTESTINAL: No nausea or vomiting. Stools are brown.';
    const r = read(text, 'vomit blood or black stools');
    expect(r.coverage).toBe(0.5);
    expect(r.evidence[0]).toMatchObject({ label: 'negated', cue: 'No' });
    expect(read('He has had black stools for two days.', 'vomit blood or black stools').coverage).toBe(1);
  });

  it('counts a sentence that has the finding as affirmed even when it denies something else', () => {
    const r = read('She has chest pain but no shortness of breath.', 'chest pain');
    expect(r.evidence[0]!.label).toBe('affirmed');
  });

  it("labels a relative's history as family history", () => {
    const text = 'FAMILY HISTORY: Mother had breast cancer at 52. SOCIAL HISTORY: Nonsmoker.';
    expect(read(text, 'breast cancer').evidence[0]).toMatchObject({ label: 'family' });
  });

  it('reads a passage with no word of the query for meaning, labelled only when one context covers most of it', () => {
    const denial = 'Negative for fever, chills, night sweats, or weight loss.';
    const plain = 'The patient walked two blocks and had to stop to rest.';
    expect(read(denial, 'dyspnoea').evidence[0]).toMatchObject({ by: 'meaning', label: 'negated' });
    expect(read(plain, 'dyspnoea').evidence[0]).toMatchObject({ by: 'meaning', label: 'affirmed' });
    expect(read(plain, 'dyspnoea').coverage).toBe(0);
  });
});

function candidate(docId: string, label: ContextLabel, coverage = 1): Read<string> {
  return { item: `${docId}:${label}`, docId, coverage, evidence: [{ start: 0, end: 1, label, by: 'words' }] };
}

describe('placing hits by context', () => {
  it('a plain finding is answered by a present or a past mention only', () => {
    expect(answers('affirmed', 'affirmed')).toBe(true);
    expect(answers('historical', 'affirmed')).toBe(true);
    expect(answers('negated', 'affirmed')).toBe(false);
    expect(answers('family', 'family')).toBe(true);
    expect(answers('affirmed', 'negated')).toBe(false);
  });

  it('ranks documents whose evidence answers before the others, each group in relevance order', () => {
    const items = [
      candidate('a', 'negated'),
      candidate('b', 'affirmed'),
      candidate('c', 'family'),
      candidate('d', 'historical'),
    ];
    const placed = placeByContext(items, { target: 'affirmed', context: 'affirmed', group: true });
    expect(placed.map((p) => p.docId)).toEqual(['b', 'd', 'a', 'c']);
    expect(placed.map((p) => p.demoted)).toEqual([false, false, true, true]);
    expect(placed.map((p) => p.label)).toEqual(['affirmed', 'historical', 'negated', 'family']);
  });

  it('with context "all" keeps relevance order and still labels', () => {
    const items = [candidate('a', 'negated'), candidate('b', 'affirmed')];
    const placed = placeByContext(items, { target: 'affirmed', context: 'all', group: true });
    expect(placed.map((p) => [p.docId, p.label, p.demoted])).toEqual([
      ['a', 'negated', false],
      ['b', 'affirmed', false],
    ]);
  });

  it('targets the context a query asks about', () => {
    const items = [candidate('a', 'affirmed'), candidate('b', 'negated')];
    const placed = placeByContext(items, { target: 'negated', context: 'affirmed', group: true });
    expect(placed.map((p) => p.docId)).toEqual(['b', 'a']);
  });

  it('shows a document by its best answering chunk among those holding the most of the query', () => {
    // The review of systems (a1) ranks above the HPI (a2), which has the finding: the document answers.
    const items = [
      candidate('a', 'negated'),
      { ...candidate('a', 'affirmed'), item: 'a:hpi' },
      candidate('b', 'negated'),
    ];
    const placed = placeByContext(items, { target: 'affirmed', context: 'affirmed', group: true });
    expect(placed.map((p) => p.item)).toEqual(['a:hpi', 'b:negated']);
    // A chunk holding only part of the query does not outweigh a whole denial.
    const partial = [candidate('c', 'negated', 1), { ...candidate('c', 'affirmed', 0.5), item: 'c:partial' }];
    const judged = placeByContext(partial, { target: 'affirmed', context: 'affirmed', group: true });
    expect(judged.map((p) => [p.item, p.demoted])).toEqual([['c:negated', true]]);
  });

  it('a search for denials is not answered by a note that also has the finding', () => {
    const contradicting = [candidate('a', 'negated'), { ...candidate('a', 'affirmed'), item: 'a:hpi' }];
    const placed = placeByContext([...contradicting, candidate('b', 'negated')], {
      target: 'negated',
      context: 'affirmed',
      group: true,
    });
    expect(placed.map((p) => [p.docId, p.demoted])).toEqual([
      ['b', false],
      ['a', true],
    ]);
  });

  it('does not demote a hit whose evidence holds less than half of the query', () => {
    const weak = { ...candidate('a', 'hypothetical', 0.3) };
    const placed = placeByContext([weak, candidate('b', 'affirmed')], {
      target: 'affirmed',
      context: 'affirmed',
      group: true,
    });
    expect(placed.map((p) => [p.docId, p.label, p.demoted])).toEqual([
      ['a', 'hypothetical', false],
      ['b', 'affirmed', false],
    ]);
  });

  it('without grouping places every chunk on its own', () => {
    const items = [candidate('a', 'negated'), candidate('a', 'affirmed')];
    const placed = placeByContext(items, { target: 'affirmed', context: 'affirmed', group: false });
    expect(placed.map((p) => p.label)).toEqual(['affirmed', 'negated']);
  });
});
