import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FolderChanges } from '../../../electron/core/watch/folderWatcher';
import { FolderWatcher } from '../../../electron/core/watch/folderWatcher';
import { describeWithModel, makeEngine } from '../support';
import type { TestEnv } from '../support';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/ingest');
const FILES = [
  'consult_letter.docx',
  'operative_report.rtf',
  'discharge_summary.cda.xml',
  'bundle.fhir.json',
  'notes_export.csv',
  'mtsamples_sample.jsonl',
  'not_cda.xml',
];

describeWithModel('new formats through the real engine', () => {
  let env: TestEnv;
  let notes: string;

  beforeAll(async () => {
    env = await makeEngine();
    notes = join(env.dir, 'notes');
    await mkdir(notes);
    for (const f of FILES) await copyFile(join(FIXTURES, f), join(notes, f));
  });
  afterAll(() => env.cleanup());

  it('imports a folder of every format, one document per export row or bundle entry', async () => {
    const { jobId } = await env.engine.importFiles([notes]);
    const summary = await env.engine.waitForJob(jobId);
    expect(summary.failed.map((f) => [f.path.split('/').pop(), f.kind])).toEqual([['not_cda.xml', 'UnsupportedFile']]);
    const docs = (await env.engine.listDocuments()).filter((d) => d.status === 'ready');
    const byType = (t: string) => docs.filter((d) => d.type === t).length;
    expect([byType('docx'), byType('rtf'), byType('cda'), byType('fhir'), byType('export')]).toEqual([1, 1, 1, 3, 6]);
    const cda = docs.find((d) => d.type === 'cda')!;
    expect(cda.meta).toMatchObject({ date: '2023-04-12', patient: 'Marisol J Ortega-Vance', mrn: '00917342' });
  });

  it('finds a FHIR composition section and a CSV row by meaning', async () => {
    const ankle = await env.engine.search({ query: 'ligament sprain of the ankle, physiotherapy', k: 2 });
    expect(ankle.hits.map((h) => h.title).sort()).toEqual([
      'Emergency department note',
      'Fracture clinic consultation',
    ]);
    const cough = await env.engine.search({ query: 'ACE inhibitor cough changed to an ARB', k: 3 });
    expect(cough.hits[0]!.meta.patient).toBe('Lindqvist, Erik');
    const filters = { section: 'HISTORY OF PRESENT ILLNESS' };
    const section = await env.engine.search({ query: 'worsening breathlessness in heart failure', k: 5, filters });
    expect(section.hits.map((h) => h.type)).toContain('cda');
  });

  it('keeps the index in step with a watched folder (the wiring the engine will use)', async () => {
    const { engine } = env;
    const sync = async ({ upserts, removals }: FolderChanges) => {
      const gone = new Set(removals);
      const ids = (await engine.listDocuments()).filter((d) => gone.has(d.path)).map((d) => d.id);
      if (ids.length) await engine.removeDocuments(ids);
      if (upserts.length) await engine.waitForJob((await engine.importFiles(upserts)).jobId);
    };
    const watcher = new FolderWatcher({ onChanges: sync, debounceMs: 200, stabilityMs: 200 });
    await watcher.watch(notes);
    const paths = async () => (await engine.listDocuments()).map((d) => d.path);
    const until = async (test: (p: string[]) => boolean) => {
      for (let i = 0; i < 150 && !test(await paths()); i++) await new Promise((r) => setTimeout(r, 100));
      return paths();
    };
    try {
      const added = join(notes, 'new_visit.txt');
      await writeFile(
        added,
        'PROGRESS NOTE\nDATE OF SERVICE: 05/06/2024\nRash on both forearms after gardening; contact dermatitis.',
      );
      expect(await until((p) => p.includes(added))).toContain(added);

      const moved = join(notes, 'filed_visit.txt');
      await rename(added, moved);
      const after = await until((p) => p.includes(moved) && !p.includes(added));
      expect(after).toContain(moved);
      expect(after).not.toContain(added);

      await rm(join(notes, 'notes_export.csv'));
      const left = await until((p) => !p.some((x) => x.endsWith('notes_export.csv')));
      expect(left.some((x) => x.endsWith('notes_export.csv'))).toBe(false);
    } finally {
      await watcher.close();
    }
  });
});
