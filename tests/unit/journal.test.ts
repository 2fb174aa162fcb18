import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportJournal } from '../../electron/core/jobs/journal';
import { silentLogger } from '../../electron/core/util/logger';

describe('the import journal under concurrent updates', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'clinote-journal-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('loses no entry when many jobs add and finish at once, and leaves no temporary file', async () => {
    const journal = await ImportJournal.open(dir, silentLogger);
    const ids = Array.from({ length: 200 }, (_, i) => `job-${i}`);
    await Promise.all(ids.map((id) => journal.add(id, [`/notes/${id}`])));
    // Every other job finishes while the rest are still being added to the file.
    await Promise.all([
      ...ids.filter((_, i) => i % 2 === 0).map((id) => journal.remove(id)),
      ...ids.slice(0, 5).map((id) => journal.add(`${id}-again`, [`/notes/${id}`])),
    ]);
    const expected = [
      ...ids.filter((_, i) => i % 2 === 1).map((id) => ({ id, paths: [`/notes/${id}`] })),
      ...ids.slice(0, 5).map((id) => ({ id: `${id}-again`, paths: [`/notes/${id}`] })),
    ];
    expect(await journal.read()).toEqual(expected);
    expect(JSON.parse(await readFile(join(dir, 'pending-imports.json'), 'utf8'))).toEqual(expected);
    expect(await (await ImportJournal.open(dir, silentLogger)).read()).toEqual(expected);
    expect(await readdir(dir)).toEqual(['pending-imports.json']);
  });
});
