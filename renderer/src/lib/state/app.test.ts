import { describe, expect, it } from 'vitest';
import type { EngineState } from '../../../../electron/shared/transport/shell';
import type { Host } from '../platform/types';
import { AppState } from './app.svelte';
import { FakeEngine, connect, doc, hit, model, settle } from './test/fakeEngine';

function fakeHost(kind: Host['kind'] = 'browser') {
  const listeners = new Set<(state: EngineState) => void>();
  const host: Host = {
    kind,
    onEngineState: (listener) => (
      listeners.add(listener),
      listener({ state: 'connecting' }),
      () => listeners.delete(listener)
    ),
    pathsFromDrop: async () => [],
  };
  return { host, setEngine: (state: EngineState) => listeners.forEach((l) => l(state)) };
}

function setup(kind: Host['kind'] = 'browser') {
  const engine = new FakeEngine();
  const { host, setEngine } = fakeHost(kind);
  const app = new AppState(connect(engine), host);
  const stop = app.start();
  return { engine, app, setEngine, stop };
}

describe('AppState', () => {
  it('refreshes the library and the counts when the engine says documents changed', async () => {
    const { engine, app } = setup();
    await app.refresh();
    expect(app.library.documents).toEqual([]);
    engine.documents = [doc('a'), doc('b')];
    engine.emit('documents/changed', { ids: ['a', 'b'] });
    await settle();
    expect(app.library.documents.map((d) => d.id)).toEqual(['a', 'b']);
    expect(app.status?.documents).toBe(2);
  });

  it('imports paths as a tracked job, and finishes it when the engine is done', async () => {
    const { engine, app } = setup();
    await app.importPaths([]);
    expect(engine.calls).toEqual([]);
    await app.importFrom(async () => ['/notes/a.txt']);
    expect(app.jobs.visible.map((j) => [j.jobId, j.state])).toEqual([['job-1', 'queued']]);
    expect(app.jobs.kinds['job-1']).toBe('import');
    expect(app.preparing).toBe(0);
    engine.jobs = [];
    engine.documents = [doc('a')];
    engine.emit('jobs/done', {
      jobId: 'job-1',
      added: 1,
      updated: 0,
      unchanged: 0,
      removed: 0,
      failed: [],
      cancelled: false,
    });
    await settle();
    expect(app.jobs.jobs[0]!.state).toBe('done');
    expect(app.library.documents.map((d) => d.id)).toEqual(['a']);
  });

  it('reports a failing drop or import as the app’s problem', async () => {
    const { engine, app } = setup('electron');
    await app.importFrom(async () => {
      throw new Error('Upload of a.txt failed');
    });
    expect(app.problem).toMatchObject({ kind: 'Internal', detail: 'Upload of a.txt failed' });
    engine.modelMissing = true;
    await app.importPaths(['/notes/a.txt']);
    expect(app.problem?.kind).toBe('ModelMissing');
    expect(app.problem?.command).toBeUndefined();
    await app.refreshStatus();
    expect(app.modelMissing).toBe(true);
  });

  it('switches models: tracks the re-index, then shows the new model active once it is done', async () => {
    const { engine, app } = setup();
    engine.models = [model('small', true), model('small-int8', false)];
    await app.refresh();
    await app.switchModel('small-int8');
    expect(app.jobs.kinds['job-1']).toBe('switch');
    engine.models = [model('small', false), model('small-int8', true)];
    engine.emit('jobs/done', {
      jobId: 'job-1',
      added: 0,
      updated: 3,
      unchanged: 0,
      removed: 0,
      failed: [],
      cancelled: false,
    });
    await settle();
    expect(app.settings.active?.id).toBe('small-int8');
    expect(app.status?.modelId).toBe('small-int8');
  });

  it('reloads everything when the engine comes back, and not on every ready', async () => {
    const { engine, app, setEngine } = setup();
    setEngine({ state: 'ready' });
    await settle();
    const loads = () => engine.calls.filter(([m]) => m === 'listDocuments').length;
    const first = loads();
    expect(first).toBe(1);
    setEngine({ state: 'ready' });
    await settle();
    expect(loads()).toBe(first);
    setEngine({ state: 'restarting', message: 'The search engine stopped unexpectedly.' });
    expect(app.engine.state).toBe('restarting');
    engine.documents = [doc('after-restart')];
    setEngine({ state: 'ready' });
    await settle();
    expect(loads()).toBe(first + 1);
    expect(app.library.documents.map((d) => d.id)).toEqual(['after-restart']);
  });

  it('opens a hit in the viewer with the current query, and stops listening on teardown', async () => {
    const { engine, app, stop } = setup();
    engine.hits.set('breath', [hit('n', 'n1')]);
    engine.pages.set('n', [{ page: 1, text: 'shortness of breath on exertion', ocr: false }]);
    app.search.query = 'breath';
    await app.search.run();
    app.openHit(0);
    await settle();
    expect(app.viewer.hit?.chunkId).toBe('n1');
    expect(app.viewer.pages?.[0]!.text).toContain('breath');
    app.openHit(5);
    expect(app.search.active).toBe(0);
    stop();
    engine.documents = [doc('unseen')];
    engine.emit('documents/changed', { ids: ['unseen'] });
    await settle();
    expect(app.library.documents.map((d) => d.id)).not.toContain('unseen');
  });
});
