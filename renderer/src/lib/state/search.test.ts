import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '../errors';
import { SearchState } from './search.svelte';
import { FakeEngine, connect, hit, settle } from './test/fakeEngine';

function setup(host: 'browser' | 'electron' = 'browser') {
  const engine = new FakeEngine();
  const search = new SearchState(connect(engine), (err) => describeError(err, host));
  return { engine, search };
}

describe('SearchState', () => {
  afterEach(() => vi.useRealTimers());

  it('replaces the hits with those of a new query and goes back to the first', async () => {
    const { engine, search } = setup();
    engine.hits.set('dyspnea', [hit('a', 'a1'), hit('b', 'b1')]);
    engine.hits.set('chest pain', [hit('c', 'c1')]);
    search.query = 'dyspnea';
    await search.run();
    expect(search.hits.map((h) => h.chunkId)).toEqual(['a1', 'b1']);
    search.move(1);
    expect(search.active).toBe(1);
    search.query = 'chest pain';
    await search.run();
    expect(search.hits.map((h) => h.chunkId)).toEqual(['c1']);
    expect(search.searched).toBe('chest pain');
    expect(search.active).toBe(0);
    expect(search.loading).toBe(false);
  });

  it('ignores the answer to an older query that arrives after a newer one', async () => {
    const { engine, search } = setup();
    engine.hits.set('slow', [hit('old', 'old1')]);
    engine.hits.set('fast', [hit('new', 'new1')]);
    const release = engine.hold('slow');
    search.query = 'slow';
    const first = search.run();
    await settle();
    search.query = 'fast';
    await search.run();
    release();
    await first;
    expect(search.hits.map((h) => h.docId)).toEqual(['new']);
    expect(search.searched).toBe('fast');
    expect(search.loading).toBe(false);
  });

  it('turns a missing model into a Problem that says what to do, in the words of the host', async () => {
    const inBrowser = setup('browser');
    inBrowser.engine.modelMissing = true;
    inBrowser.search.query = 'chest pain';
    await inBrowser.search.run();
    expect(inBrowser.search.hits).toEqual([]);
    expect(inBrowser.search.problem).toMatchObject({
      kind: 'ModelMissing',
      title: 'No search model is installed',
      command: 'clinote model import <folder>',
    });

    const inApp = setup('electron');
    inApp.engine.modelMissing = true;
    inApp.search.query = 'chest pain';
    await inApp.search.run();
    const problem = inApp.search.problem!;
    expect(problem.kind).toBe('ModelMissing');
    expect(problem.advice).toContain('models folder');
    expect(problem.advice).toContain('Settings');
    expect(JSON.stringify(problem)).not.toMatch(/clinote |npx|command line/);
  });

  it('shows a rejected request as a Problem naming the field, and clears it on the next good search', async () => {
    const { search } = setup();
    search.query = 'chest pain';
    search.filters = { dateFrom: 'last week' };
    await search.run();
    expect(search.problem).toMatchObject({ kind: 'BadInput', title: 'That request could not be used' });
    expect(search.problem!.detail).toContain('filters.dateFrom');
    search.filters = { dateFrom: '2024-01-01' };
    await search.run();
    expect(search.problem).toBeNull();
  });

  it('sends only the filters that are set, trimmed', () => {
    const { search } = setup();
    search.query = '  chest pain ';
    search.mode = 'keyword';
    search.filters = { types: [], folder: '  ', section: ' PLAN ', dateTo: '2024-05-01' };
    expect(search.request()).toEqual({
      query: 'chest pain',
      mode: 'keyword',
      k: 30,
      context: 'affirmed',
      filters: { section: 'PLAN', dateTo: '2024-05-01' },
    });
    expect(search.activeFilters).toBe(2);
    search.filters = {};
    expect(search.request().filters).toBeUndefined();
  });

  it('clears the results for an empty box without asking the engine', async () => {
    const { engine, search } = setup();
    engine.hits.set('x', [hit('a', 'a1')]);
    search.query = 'x';
    await search.run();
    search.query = '   ';
    await search.run();
    expect(search.hits).toEqual([]);
    expect(search.searched).toBe('');
    expect(engine.calls.filter(([m]) => m === 'search')).toHaveLength(1);
  });

  it('searches once after typing pauses', async () => {
    vi.useFakeTimers();
    const { engine, search } = setup();
    for (const query of ['c', 'ch', 'chest']) {
      search.query = query;
      search.schedule();
      vi.advanceTimersByTime(50);
    }
    expect(engine.calls).toEqual([]);
    vi.advanceTimersByTime(200);
    vi.useRealTimers();
    await settle();
    expect(engine.calls.map(([m, r]) => [m, (r as { query: string }).query])).toEqual([['search', 'chest']]);
  });

  it('keeps the keyboard position inside the list', async () => {
    const { engine, search } = setup();
    engine.hits.set('q', [hit('a', 'a1'), hit('b', 'b1'), hit('c', 'c1')]);
    search.query = 'q';
    await search.run();
    search.move(-1);
    expect(search.active).toBe(0);
    search.move(5);
    expect(search.active).toBe(2);
  });

  it('asks for every mention when the switch is on, and keeps what the query was widened to', async () => {
    const { engine, search } = setup();
    engine.hits.set('SOB', [hit('denies', 'd1', { context: 'negated', demoted: true }), hit('has', 'h1')]);
    engine.expansions.set('SOB', {
      query: 'SOB',
      terms: [{ text: 'SOB', start: 0, end: 3 }],
      expansions: [
        { from: { text: 'SOB', start: 0, end: 3 }, to: 'dyspnea', kind: 'abbreviation', sense: 'dyspnea', weight: 0.5 },
      ],
    });
    search.query = 'SOB';
    await search.run();
    expect(search.hits.map((h) => h.docId)).toEqual(['has', 'denies']);
    expect(search.expansion?.expansions[0]!.to).toBe('dyspnea');
    await search.toggleWhy('h1');
    expect(search.explained).toEqual(['h1']);
    expect(search.closest['h1']).toMatchObject({ chunkId: 'h1', closest: { by: 'meaning', label: 'affirmed' } });
    expect(engine.calls.at(-1)).toEqual(['explainMatch', { query: 'SOB', chunkId: 'h1' }]);
    search.setContext('all');
    await settle();
    expect(engine.calls.at(-1)![1]).toMatchObject({ query: 'SOB', context: 'all' });
    expect(search.hits.map((h) => [h.docId, h.context, h.demoted])).toEqual([
      ['denies', 'negated', false],
      ['has', 'affirmed', false],
    ]);
    // The same query again keeps the explanation open; another query closes it.
    expect(search.explained).toEqual(['h1']);
    search.query = 'chest pain';
    await search.run();
    expect(search.explained).toEqual([]);
  });
});
