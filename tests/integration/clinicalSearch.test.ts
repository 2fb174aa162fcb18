import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rulesVersion } from '../../electron/core/context';
import { createEngine } from '../../electron/core/engine';
import type { SearchHit, SearchRequest } from '../../electron/shared/types';
import { describeWithModel, makeEngine } from './support';
import type { TestEnv } from './support';

// Short notes written for this test: one has the finding, one denies it, one has it only in a relative.
const NOTES: Record<string, string> = {
  'dyspnea-hpi.txt':
    'CHIEF COMPLAINT: Breathlessness.\nHISTORY OF PRESENT ILLNESS: The patient is a 64-year-old man who reports ' +
    'shortness of breath when climbing one flight of stairs for the past two weeks. He sleeps on three pillows.\n' +
    'ASSESSMENT: Likely congestive heart failure. PLAN: Echocardiogram.',
  'dental-ros.txt':
    'CHIEF COMPLAINT: Toothache.\nHISTORY OF PRESENT ILLNESS: Left lower molar pain for three days.\n' +
    'REVIEW OF SYSTEMS: Constitutional: No fever or chills. Respiratory: Denies shortness of breath, cough or ' +
    'wheezing. Cardiovascular: No chest pain.\nPLAN: Dental referral and ibuprofen.',
  'family-colon.txt':
    'CHIEF COMPLAINT: Screening visit.\nHISTORY OF PRESENT ILLNESS: A 50-year-old woman here for routine care.\n' +
    'FAMILY HISTORY: Her mother had colon cancer at age 58. Father with hypertension.\nPLAN: Screening colonoscopy.',
  'own-colon.txt':
    'CHIEF COMPLAINT: Follow-up.\nHISTORY OF PRESENT ILLNESS: A 71-year-old man with colon cancer diagnosed in ' +
    'March, status post right hemicolectomy, here to discuss adjuvant chemotherapy.\nPLAN: Oncology follow-up.',
};

const titles = (hits: SearchHit[]) => hits.map((h) => h.title);

describeWithModel('clinical search: context per mention with the real model and LanceDB', () => {
  let env: TestEnv;
  let inbox: string;
  const search = (query: string, extra: Partial<SearchRequest> = {}) => env.engine.search({ query, k: 10, ...extra });

  beforeAll(async () => {
    env = await makeEngine();
    inbox = join(env.dir, 'inbox');
    await mkdir(inbox, { recursive: true });
    for (const [name, text] of Object.entries(NOTES)) await writeFile(join(inbox, name), text);
    await env.engine.waitForJob((await env.engine.importFiles([inbox])).jobId);
  });

  afterAll(async () => env?.cleanup());

  it('ranks the note that has a finding above the note that denies it, and labels the denial', async () => {
    const res = await search('shortness of breath');
    expect(res.hits[0]!.title).toBe('dyspnea-hpi');
    expect(res.hits[0]!.context).toBe('affirmed');
    const denial = res.hits.find((h) => h.title === 'dental-ros')!;
    expect(denial.context).toBe('negated');
    expect(denial.demoted).toBe(true);
    expect(denial.why.evidence[0]).toMatchObject({ label: 'negated', cue: 'Denies', by: 'words' });
    expect(denial.text.slice(denial.why.evidence[0]!.start, denial.why.evidence[0]!.end)).toContain(
      'Denies shortness of breath',
    );
    expect(denial.why.section).toBe('REVIEW OF SYSTEMS');
    // Every hit without affirmed evidence comes after every hit with it.
    const firstDemoted = res.hits.findIndex((h) => h.demoted);
    expect(res.hits.slice(firstDemoted).every((h) => h.demoted)).toBe(true);
  });

  it('finds the sentence closest to the query by meaning, on request', async () => {
    const res = await search('shortness of breath');
    const denial = res.hits.find((h) => h.title === 'dental-ros')!;
    const { closest } = await env.engine.explainMatch({ query: 'shortness of breath', chunkId: denial.chunkId });
    expect(denial.text.slice(closest.start, closest.end)).toContain('Denies shortness of breath');
    expect(closest).toMatchObject({ label: 'negated', by: 'meaning' });
    expect(closest.similarity).toBeGreaterThan(0.3);
    const missing = await env.engine.explainMatch({ query: 'x', chunkId: 'gone:0' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ kind: 'BadInput' });
  });

  it('shows every mention in relevance order, still labelled, when asked for all', async () => {
    const all = await search('shortness of breath', { context: 'all' });
    expect(all.hits.every((h) => !h.demoted)).toBe(true);
    expect(all.hits.find((h) => h.title === 'dental-ros')!.context).toBe('negated');
    const ranked = await search('shortness of breath');
    const rank = (hits: SearchHit[]) => titles(hits).indexOf('dental-ros');
    expect(rank(all.hits)).toBeLessThanOrEqual(rank(ranked.hits));
  });

  it('targets the context a query asks about', async () => {
    const family = await search('family history of colon cancer');
    expect(family.queryContext).toBe('family');
    expect(family.queryContextCue).toBe('family history of');
    expect(family.hits[0]!.title).toBe('family-colon');
    expect(family.hits[0]!.context).toBe('family');
    expect(family.hits.find((h) => h.title === 'own-colon')!.demoted).toBe(true);

    const own = await search('colon cancer');
    expect(own.hits[0]!.title).toBe('own-colon');
    expect(own.hits.find((h) => h.title === 'family-colon')!).toMatchObject({ context: 'family', demoted: true });

    const denied = await search('denies shortness of breath');
    expect(denied.queryContext).toBe('negated');
    expect(denied.hits[0]!.title).toBe('dental-ros');
  });

  it('widens shorthand on the keyword side, says so, and explains the words it found', async () => {
    const res = await search('SOB', { mode: 'keyword' });
    expect(res.expansion?.expansions.map((e) => e.to)).toEqual(
      expect.arrayContaining(['shortness of breath', 'dyspnea']),
    );
    expect(res.hits[0]!.title).toBe('dyspnea-hpi');
    expect(res.hits[0]!.why.words).toEqual(
      expect.arrayContaining([
        { text: 'shortness', via: 'SOB' },
        { text: 'breath', via: 'SOB' },
      ]),
    );
    expect(res.hits[0]!.why.side).toBe('words');
    const plain = await search('SOB', { mode: 'keyword', expand: false });
    expect(plain.expansion).toBeUndefined();
    expect(plain.hits).toEqual([]);
  });

  it('reads the context again when a note changes and is re-imported', async () => {
    const path = join(inbox, 'dental-ros.txt');
    await writeFile(
      path,
      NOTES['dental-ros.txt']!.replace('Denies shortness of breath', 'Reports shortness of breath'),
    );
    await env.engine.waitForJob((await env.engine.importFiles([path])).jobId);
    const res = await search('shortness of breath');
    const changed = res.hits.find((h) => h.title === 'dental-ros')!;
    expect(changed.context).toBe('affirmed');
    expect(changed.demoted).toBeUndefined();
    await writeFile(path, NOTES['dental-ros.txt']!);
    await env.engine.waitForJob((await env.engine.importFiles([path])).jobId);
  });

  it('upgrades an index of schema 1 in place and reads the context of its notes in the background', async () => {
    await env.engine.close();
    // An index as the previous version wrote it: chunk tables without the context column, schema version 1.
    const indexDir = join(env.dataDir, 'index');
    const db = await lancedb.connect(indexDir);
    for (const name of (await db.tableNames()).filter((n) => n.startsWith('chunks__'))) {
      const table = await db.openTable(name);
      await table.dropColumns(['context']);
      table.close();
    }
    db.close();
    const metaFile = join(indexDir, 'clinote-index.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { schemaVersion: number };
    await writeFile(metaFile, JSON.stringify({ ...meta, schemaVersion: 1 }));

    env.engine = await createEngine({ dataDir: env.dataDir, modelsDir: env.modelsDir, threads: 2 });
    await env.engine.whenIdle();
    const res = await search('shortness of breath');
    expect(res.hits[0]!.title).toBe('dyspnea-hpi');
    expect(res.hits.find((h) => h.title === 'dental-ros')).toMatchObject({ context: 'negated', demoted: true });
    expect(JSON.parse(await readFile(metaFile, 'utf8'))).toMatchObject({ schemaVersion: 2 });
  });

  it('reads every chunk again when the context rules changed since the index derived them', async () => {
    await env.engine.close();
    const indexDir = join(env.dataDir, 'index');
    const db = await lancedb.connect(indexDir);
    // Context as older rules might have left it: none at all, everywhere.
    for (const name of (await db.tableNames()).filter((n) => n.startsWith('chunks__'))) {
      const table = await db.openTable(name);
      await table.update({ values: { context: '[]' } });
      table.close();
    }
    db.close();
    const metaFile = join(indexDir, 'clinote-index.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8')) as Record<string, unknown>;
    await writeFile(metaFile, JSON.stringify({ ...meta, contextRules: 'older-rules' }));

    env.engine = await createEngine({ dataDir: env.dataDir, modelsDir: env.modelsDir, threads: 2 });
    await env.engine.whenIdle();
    const res = await search('shortness of breath');
    expect(res.hits.find((h) => h.title === 'dental-ros')).toMatchObject({ context: 'negated', demoted: true });
    expect(JSON.parse(await readFile(metaFile, 'utf8')).contextRules).toBe(rulesVersion());
  });
});
