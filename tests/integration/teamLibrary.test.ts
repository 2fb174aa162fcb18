import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { importModel } from '../../electron/core/embed/models';
import { ObjectStore } from '../../electron/core/db/objectStore';
import { parseObjectUri } from '../../electron/core/db/storage';
import { TeamLibrary } from '../../electron/core/team/teamLibrary';
import { FIXTURES, testModelDir } from './support';
import { describeWithS3, startS3Server } from './s3Server';
import type { S3TestServer } from './s3Server';

/**
 * A team library on a real S3 API (moto on 127.0.0.1): one workstation publishes, others search it, the app attaches
 * it read-only beside its own library. Each engine here is what one workstation runs.
 */
describeWithS3('team library on S3: publish, search from other engines, one writer', () => {
  let s3: S3TestServer;
  let dir: string;
  let modelsDir: string;
  let publisher: Engine;
  const uri = 's3://clinic/library';
  const engines: Engine[] = [];

  const open = async (name: string, extra: Partial<Parameters<typeof createEngine>[0]> = {}) => {
    const engine = await createEngine({ dataDir: join(dir, name), modelsDir, threads: 2, ...extra });
    engines.push(engine);
    return engine;
  };
  const shared = (access: 'read' | 'write') => ({ shared: { uri, storage: s3.storage, access } });

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.makeBucket('clinic');
    dir = await mkdtemp(join(tmpdir(), 'clinote-team-'));
    modelsDir = join(dir, 'models');
    await importModel(testModelDir()!, modelsDir, { id: 'all-minilm-l6-v2' });
    const inbox = join(dir, 'protocols');
    await mkdir(inbox);
    for (const n of ['mts_0753.txt', 'mts_3049.txt', 'mts_2461.txt'])
      await copyFile(join(FIXTURES, 'notes', n), join(inbox, n));
    publisher = await open('publisher', shared('write'));
    const summary = await publisher.waitForJob((await publisher.importFiles([inbox])).jobId);
    expect(summary).toMatchObject({ added: 3, failed: [] });
  });

  afterAll(async () => {
    for (const e of engines.reverse()) await e.close().catch(() => undefined);
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is searched from another workstation opening the bucket', async () => {
    const reader = await open('reader', shared('read'));
    const res = await reader.search({ query: 'shortness of breath when walking', mode: 'vector', k: 3 });
    expect(res.hits.map((h) => h.title)).toContain('mts_3049');
    expect(res.hits.every((h) => h.source === 'local')).toBe(true);
    expect((await reader.listDocuments()).map((d) => d.title).sort()).toEqual(['mts_0753', 'mts_2461', 'mts_3049']);
    // It never writes: removing is refused with the reason.
    await expect(reader.removeDocuments([res.hits[0]!.docId])).rejects.toThrow(/read-only/);
  });

  it('refuses a second publisher, naming who publishes and since when', async () => {
    const err = (await open('second', shared('write')).catch((e: unknown) => e)) as Error & { kind: string };
    expect(err.kind).toBe('Locked');
    expect(err.message).toMatch(/s3:\/\/clinic\/library is being published by \S+@\S+ \(process \d+\) since \d{4}-/);
  });

  it('keeps the library meta in the bucket, so every workstation sees the same model', async () => {
    const reader = await open('meta-reader', shared('read'));
    expect((await reader.getStatus()).modelId).toBe('all-minilm-l6-v2');
  });

  it('is attached read-only beside a local library: one ranking, each hit labelled with its source', async () => {
    const local = await open('app');
    const mine = join(dir, 'mine');
    await mkdir(mine);
    await copyFile(join(FIXTURES, 'notes/mts_1001.txt'), join(mine, 'mts_1001.txt'));
    await local.waitForJob((await local.importFiles([mine])).jobId);
    const status = await local.attachTeamLibrary({ uri, ...s3.storage });
    expect(status).toMatchObject({ uri, state: 'ready', modelId: 'all-minilm-l6-v2', documents: 3 });
    expect(JSON.stringify(status)).not.toContain(s3.storage.secretAccessKey);

    const res = await local.search({ query: 'shortness of breath when walking', k: 10 });
    const sources = new Set(res.hits.map((h) => h.source));
    expect(sources).toEqual(new Set(['local', 'team']));
    const team = res.hits.find((h) => h.title === 'mts_3049')!;
    expect(team.source).toBe('team');
    expect(team.docId.startsWith('team:')).toBe(true);
    const pages = await local.getDocumentText(team.docId);
    expect(pages[0]!.text).toContain(team.text.slice(0, 40));
    expect(res.hits.find((h) => h.title === 'mts_1001')?.source).toBe('local');
    // A team hit is read like a local one: its evidence, and the closest sentence on request.
    expect(team.why.evidence.length).toBeGreaterThan(0);
    const closest = await local.explainMatch({ query: 'shortness of breath when walking', chunkId: team.chunkId });
    expect(closest.chunkId).toBe(team.chunkId);
    expect(closest.closest.end).toBeGreaterThan(closest.closest.start);

    // Remembered across restarts of the app; detaching forgets it.
    await local.close();
    engines.splice(engines.indexOf(local), 1);
    const again = await open('app');
    expect((await again.getTeamLibraryStatus())?.state).toBe('ready');
    // Reopened, the local index still carries the model's own id, which the team library's must match.
    const reopened = await again.search({ query: 'shortness of breath when walking', k: 10 });
    expect(reopened.modelId).toBe('all-minilm-l6-v2');
    expect(new Set(reopened.hits.map((h) => h.source))).toEqual(new Set(['local', 'team']));
    await again.detachTeamLibrary();
    expect(await again.getTeamLibraryStatus()).toBeNull();
    const after = await again.search({ query: 'shortness of breath when walking', k: 10 });
    expect(after.hits.every((h) => h.source === 'local')).toBe(true);
  });

  it('says which model to install when the team library was built with another one', async () => {
    const otherModels = join(dir, 'other-models');
    await importModel(testModelDir()!, otherModels, { id: 'clinic-minilm' });
    const local = await open('other', { modelsDir: otherModels });
    const status = await local.attachTeamLibrary({ uri, ...s3.storage });
    expect(status.state).toBe('model-mismatch');
    expect(status.message).toMatch(/built with the model "all-minilm-l6-v2", which is not installed here\. Install/);
    const res = await local.search({ query: 'shortness of breath', k: 10 });
    expect(res.hits.every((h) => h.source === 'local')).toBe(true);

    // Installed but not the active one: the message says to switch.
    await importModel(testModelDir()!, otherModels, { id: 'all-minilm-l6-v2' });
    const status2 = (await local.getTeamLibraryStatus())!;
    expect(status2.message).toMatch(/this workstation searches with "clinic-minilm"\. Switch to "all-minilm-l6-v2"/);
  });

  it('refuses an address with nothing published, and a bucket that is not there', async () => {
    const local = await open('bad');
    await expect(local.attachTeamLibrary({ uri: 's3://clinic/empty', ...s3.storage })).rejects.toThrow(
      /Nothing has been published to s3:\/\/clinic\/empty/,
    );
    await expect(local.attachTeamLibrary({ uri: 's3://nobucket/x', ...s3.storage })).rejects.toThrow(
      /no bucket "nobucket"|NoSuchBucket/,
    );
  });

  it('refuses to read a library an older Clinote published until its publisher upgrades it', async () => {
    const old = 's3://clinic/old';
    const store = await ObjectStore.open(parseObjectUri(old), s3.storage);
    const meta = { schemaVersion: 1, activeModel: 'all-minilm-l6-v2', models: {} };
    await store.put('old/clinote-index.json', JSON.stringify(meta), { absent: true });
    store.close();
    const why = /s3:\/\/clinic\/old was published by an older Clinote \(schema 1, this one reads \d+\)\. Its publisher/;
    const local = await open('old-reader');
    await expect(local.attachTeamLibrary({ uri: old, ...s3.storage })).rejects.toThrow(why);
    await expect(open('old-db', { shared: { uri: old, storage: s3.storage, access: 'read' } })).rejects.toThrow(why);
  });

  it('stops finding a removed document once readers move on, and keeps the files of the versions they hold', async () => {
    const local = await open('remove-reader');
    await local.attachTeamLibrary({ uri, ...s3.storage });
    // A reader that has not moved on since before the removal (its tables stay on the versions it read).
    const pinned = await TeamLibrary.open(uri, s3.storage);
    const pinnedChunks = await pinned.chunkIndex('all-minilm-l6-v2', 384);
    const id = (await publisher.listDocuments()).find((d) => d.title === 'mts_0753')!.id;
    expect((await pinnedChunks.keywordSearch('catheterization', 20)).some((h) => h.docId === id)).toBe(true);

    expect(await publisher.removeDocuments([id])).toEqual({ removed: 1 });
    // A status check moves the app's reader to the latest version at once.
    await local.getTeamLibraryStatus();
    const after = await local.search({ query: 'left heart catheterization', mode: 'keyword', k: 10 });
    expect(after.hits.some((h) => h.title === 'mts_0753')).toBe(false);
    // The pinned reader still reads its version: removal compacted, but kept the files old versions name.
    expect((await pinnedChunks.keywordSearch('catheterization', 20)).some((h) => h.docId === id)).toBe(true);
    await pinned.refresh(true);
    expect((await pinnedChunks.keywordSearch('catheterization', 20)).some((h) => h.docId === id)).toBe(false);
    await pinned.close();
  });

  it('keeps a writer lease that others cannot take while it is renewed, and frees it on close', async () => {
    await publisher.close();
    engines.splice(engines.indexOf(publisher), 1);
    publisher = await open('publisher-2', shared('write'));
    const doc = join(dir, 'later.txt');
    await writeFile(doc, 'Protocol: anaphylaxis in the clinic. Give intramuscular epinephrine 0.5 mg at once.');
    const summary = await publisher.waitForJob((await publisher.importFiles([doc])).jobId);
    expect(summary.added).toBe(1);
  });
});
