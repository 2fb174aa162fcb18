import { describe, expect, it } from 'vitest';
import { describeError } from '../errors';
import { ViewerState } from './viewer.svelte';
import { FakeEngine, connect, hit, settle } from './test/fakeEngine';

function setup() {
  const engine = new FakeEngine();
  const viewer = new ViewerState(connect(engine), (err) => describeError(err));
  return { engine, viewer };
}

const NOTE_PAGES = [{ page: 1, text: 'HPI: shortness of breath. PLAN: walk daily. Breath sounds clear.', ocr: false }];

describe('ViewerState', () => {
  it('opens a note at the hit and walks its matches in reading order, wrapping around', async () => {
    const { engine, viewer } = setup();
    engine.pages.set('n', NOTE_PAGES);
    const opened = hit('n', 'n2', { pageSpan: { start: 26, end: 42 } });
    engine.hits.set('breath', [
      opened,
      hit('n', 'n3', { pageSpan: { start: 44, end: 63 } }),
      hit('other', 'o1'),
      hit('n', 'n1', { pageSpan: { start: 0, end: 25 } }),
      hit('n', 'n4', { pageSpan: { start: 50, end: 60 }, matches: [] }),
    ]);
    await viewer.open(opened, { query: 'breath', mode: 'hybrid' });
    await settle();
    expect(viewer.pages).toEqual(NOTE_PAGES);
    // Passages of this document that hold the query's words, by position; the one without a match is left out.
    expect(viewer.docHits.map((h) => h.chunkId)).toEqual(['n1', 'n2', 'n3']);
    expect(viewer.current?.chunkId).toBe('n2');
    viewer.step(1);
    expect(viewer.current?.chunkId).toBe('n3');
    viewer.step(1);
    expect(viewer.current?.chunkId).toBe('n1');
    viewer.step(-1);
    expect(viewer.current?.chunkId).toBe('n3');
    expect(engine.calls.find(([m]) => m === 'search')?.[1]).toMatchObject({ k: 50, groupByDocument: false });
  });

  it('loads a PDF’s bytes, and fetches nothing again for another hit in the same document', async () => {
    const { engine, viewer } = setup();
    engine.bytes.set('p', new Uint8Array([37, 80, 68, 70]));
    await viewer.open(hit('p', 'p1', { type: 'pdf', page: 2 }), { query: 'x' });
    expect(viewer.bytes).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(viewer.pages).toBeNull();
    await viewer.open(hit('p', 'p2', { type: 'pdf', page: 3 }), { query: 'x' });
    expect(engine.calls.filter(([m]) => m === 'getDocumentBytes')).toHaveLength(1);
    expect(viewer.current?.chunkId).toBe('p2');
  });

  it('shows the document opened last, whatever order the texts arrive in', async () => {
    const { engine, viewer } = setup();
    engine.pages.set('slow', [{ page: 1, text: 'slow note', ocr: false }]);
    engine.pages.set('fast', [{ page: 1, text: 'fast note', ocr: false }]);
    const release = engine.hold('slow');
    const first = viewer.open(hit('slow', 's1'), { query: 'q' });
    await settle();
    await viewer.open(hit('fast', 'f1'), { query: 'q' });
    release();
    await first;
    expect(viewer.hit?.docId).toBe('fast');
    expect(viewer.pages?.[0]!.text).toBe('fast note');
    expect(viewer.loading).toBe(false);
  });

  it('says so when the document can’t be read, and forgets it all on close', async () => {
    const { viewer } = setup();
    await viewer.open(hit('gone', 'g1'), { query: 'q' });
    expect(viewer.problem).toMatchObject({ kind: 'BadInput', detail: 'Unknown document gone.' });
    viewer.close();
    expect([viewer.hit, viewer.pages, viewer.bytes, viewer.problem]).toEqual([null, null, null, null]);
  });
});
