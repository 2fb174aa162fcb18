import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { importModel } from '../../electron/core/embed/models';
import { testModelDir } from './support';
import { describeWithS3, startS3Server } from './s3Server';
import type { S3TestServer } from './s3Server';

/** A protocol of several chunks; every sentence of version `v` carries its marker, so a chunk names its version. */
function protocol(v: number): string {
  const sentences = Array.from(
    { length: 60 },
    (_, i) =>
      `Zebrafish husbandry step ${i + 1} of revision marker${v}: check the tank temperature, record the feeding and ` +
      `note any fin damage before the next round.`,
  );
  return sentences.join(' ');
}

describeWithS3('team library: a reader during a publish sees a document whole, old or new', () => {
  let s3: S3TestServer;
  let dir: string;
  let publisher: Engine;
  let reader: Engine;
  const uri = 's3://clinic/consistency';

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.makeBucket('clinic');
    dir = await mkdtemp(join(tmpdir(), 'clinote-team-consistency-'));
    const modelsDir = join(dir, 'models');
    await importModel(testModelDir()!, modelsDir, { id: 'all-minilm-l6-v2' });
    const shared = { uri, storage: s3.storage, access: 'write' as const };
    publisher = await createEngine({ dataDir: join(dir, 'publisher'), modelsDir, shared });
    reader = await createEngine({ dataDir: join(dir, 'reader'), modelsDir });
  });

  afterAll(async () => {
    await reader?.close();
    await publisher?.close();
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('never shows half a document or none of it while it is re-published', async () => {
    const file = join(dir, 'zebrafish-protocol.txt');
    const chunksOf = new Map<string, number>();
    const publish = async (v: number) => {
      await writeFile(file, protocol(v));
      const summary = await publisher.waitForJob((await publisher.importFiles([file])).jobId);
      expect(summary.failed).toEqual([]);
      chunksOf.set(`marker${v}`, (await publisher.listDocuments())[0]!.chunks);
    };
    await publish(0);
    expect(chunksOf.get('marker0')).toBeGreaterThan(3);
    await reader.attachTeamLibrary({ uri, ...s3.storage });

    const seen: Array<{ markers: string[]; hits: number }> = [];
    let publishing = true;
    const watch = (async () => {
      while (publishing) {
        // A status check moves the reader to the latest version: as often as possible, to land between commits.
        await reader.getTeamLibraryStatus();
        const res = await reader.search({
          query: 'zebrafish tank temperature',
          mode: 'vector',
          k: 100,
          groupByDocument: false,
        });
        const mine = res.hits.filter((h) => h.source === 'team');
        const markers = [...new Set(mine.map((h) => /marker\d+/.exec(h.text)?.[0] ?? 'none'))];
        seen.push({ markers, hits: mine.length });
      }
    })();
    for (let v = 1; v <= 4; v++) await publish(v);
    publishing = false;
    await watch;

    expect(seen.length).toBeGreaterThan(10);
    for (const s of seen) {
      expect(s.markers).toHaveLength(1);
      expect(s.hits).toBe(chunksOf.get(s.markers[0]!));
    }
    // The reader did see the document change under it, not one version throughout.
    expect(new Set(seen.map((s) => s.markers[0])).size).toBeGreaterThan(1);
  });
});
