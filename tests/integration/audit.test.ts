import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUDIT_FILE } from '../../electron/core';
import { CLI, describeWithModel, FIXTURES, makeEngine } from './support';
import type { TestEnv } from './support';

const run = promisify(execFile);

describeWithModel('the audit log of a real session', () => {
  let env: TestEnv;
  let log: string;
  const entries = async () =>
    (await readFile(log, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { seq: number; event: string; details: Record<string, unknown> });
  const cli = (...args: string[]) =>
    run('node', [CLI, '--db', env.dataDir, '--models', env.modelsDir, ...args], { encoding: 'utf8' });

  beforeAll(async () => {
    env = await makeEngine();
    log = join(env.dataDir, AUDIT_FILE);
  });
  afterAll(async () => env.cleanup());

  it('records imports, searches, documents opened and removals, with no note text', async () => {
    const { engine } = env;
    const note = join(FIXTURES, 'e2e/heart-cath-mts0765.txt');
    const pdf = join(FIXTURES, 'e2e/fda_ibuprofen_label_2024.pdf');
    await engine.waitForJob((await engine.importFiles([note, pdf])).jobId);
    const res = await engine.search({ query: 'left heart catheterization', k: 3 });
    const hit = res.hits[0]!;
    await engine.getDocumentText(hit.docId);
    await engine.getDocumentBytes(hit.docId);
    const ids = (await engine.listDocuments()).map((d) => d.id);
    await engine.removeDocuments(ids);

    const events = await entries();
    expect(events.map((e) => e.event)).toEqual([
      'audit.opened',
      'import',
      'import.done',
      'search',
      'document.text',
      'document.bytes',
      'document.remove',
    ]);
    expect(events[1]!.details).toMatchObject({ paths: [note, pdf] });
    expect(events[2]!.details).toMatchObject({ added: 2, failed: 0 });
    expect(events[3]!.details).toMatchObject({ query: 'left heart catheterization', k: 3, hits: res.hits.length });
    expect(events[4]!.details).toEqual({ id: hit.docId, path: hit.path });
    expect(events[6]!.details).toMatchObject({ ids, removed: 2 });
    // The entries outlive the documents, and no line of the notes is in them.
    const text = await readFile(log, 'utf8');
    const noteText = await readFile(note, 'utf8');
    const sentences = noteText.split(/[.\n]/).filter((s) => s.trim().length > 25);
    expect(sentences.length).toBeGreaterThan(5);
    for (const s of sentences) expect(text).not.toContain(s.trim());
    expect(text).not.toContain(hit.text.slice(0, 40));
  });

  it('`clinote audit verify` passes an intact log, and fails with the line of an edited one', async () => {
    await env.engine.close();
    const ok = await cli('audit', 'verify');
    expect(ok.stdout).toMatch(/: \d+ entries, intact\nhead: \d+:[0-9a-f]{64}\n$/);

    const csv = join(env.dir, 'audit.csv');
    await cli('audit', 'export', '--out', csv);
    const rows = (await readFile(csv, 'utf8')).trim().split('\r\n');
    expect(rows[0]).toBe('seq,time,user,event,details,prev,hash,valid');
    expect(rows.some((r) => r.includes(',search,') && r.includes('left heart catheterization'))).toBe(true);

    const original = await readFile(log, 'utf8');
    await writeFile(log, original.replace('left heart catheterization', 'right heart catheterization'));
    const err = (await cli('audit', 'verify').catch((e: unknown) => e)) as { code: number; stdout: string };
    expect(err.code).toBe(1);
    expect(err.stdout).toMatch(/^line \d+: edited: /m);
    await writeFile(log, original);
  });
});
