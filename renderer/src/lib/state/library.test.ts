import { describe, expect, it } from 'vitest';
import { LibraryState } from './library.svelte';
import { FakeEngine, connect, doc } from './test/fakeEngine';

function setup() {
  const engine = new FakeEngine();
  const reported: unknown[] = [];
  const library = new LibraryState(connect(engine), (err) => reported.push(err));
  return { engine, library, reported };
}

describe('LibraryState', () => {
  it('lists documents newest first and offers the facts the filters choose from', async () => {
    const { engine, library } = setup();
    engine.documents = [
      doc('old', { importedAt: 1, type: 'pdf', folder: '/labels' }),
      doc('new', { importedAt: 3, meta: { patient: 'Doe, Jane' } }),
      doc('broken', { importedAt: 2, status: 'error', error: 'not a valid PDF', type: 'pdf', folder: '/labels' }),
    ];
    expect(library.loaded).toBe(false);
    await library.refresh();
    expect(library.loaded).toBe(true);
    expect(library.sorted.map((d) => d.id)).toEqual(['new', 'broken', 'old']);
    expect(library.types).toEqual(['note', 'pdf']);
    expect(library.folders).toEqual(['/labels', '/notes']);
    expect(library.patients).toEqual(['Doe, Jane']);
    expect(library.failed).toBe(1);
    expect(library.byId('old')?.type).toBe('pdf');
  });

  it('narrows the list by title or path, ignoring case', async () => {
    const { engine, library } = setup();
    engine.documents = [doc('Cardiology note', { path: '/notes/cath.txt' }), doc('Knee', { path: '/ortho/KNEE.txt' })];
    await library.refresh();
    library.filter = '  knee ';
    expect(library.shown.map((d) => d.id)).toEqual(['Knee']);
    library.filter = 'CATH';
    expect(library.shown.map((d) => d.id)).toEqual(['Cardiology note']);
  });

  it('removes confirmed documents and shows the library as the engine now has it', async () => {
    const { engine, library } = setup();
    engine.documents = [doc('a'), doc('b')];
    await library.refresh();
    library.confirmRemove = ['a'];
    await library.remove(['a']);
    expect(library.confirmRemove).toEqual([]);
    expect(engine.calls).toContainEqual(['removeDocuments', ['a']]);
    expect(library.documents.map((d) => d.id)).toEqual(['b']);
  });

  it('starts a re-index and hands back its job, or reports why not', async () => {
    const { library, reported } = setup();
    expect(await library.reindex(['a'])).toBe('job-1');
    expect(await library.reindex([''])).toBeUndefined();
    expect(reported[0]).toMatchObject({ kind: 'BadInput' });
  });
});
