import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeLongPdf } from '../../../electron/cli/bench/longPdf';
import { importModel } from '../../../electron/core/embed/models';
import { describeWithModel, REPO, testModelDir } from '../support';

const run = promisify(execFile);
const CLI = join(REPO, 'electron/cli/clinote.mjs');
const PAGES = 500;
/** TARGETS.md: resident memory while indexing with a small model stays at or under 1.0 GB. */
const RSS_CEILING_MB = 1024;

describeWithModel('a 500-page PDF, imported by the CLI in its own process', () => {
  let dir: string;
  const cli = (...args: string[]) =>
    run('node', [CLI, '--db', join(dir, 'db'), '--models', join(dir, 'models'), ...args], {
      env: { ...process.env, LANCEDB_LOG: 'error' },
      maxBuffer: 1 << 24,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-longpdf-'));
    await importModel(testModelDir()!, join(dir, 'models'), { id: 'all-minilm-l6-v2' });
    await writeFile(join(dir, 'long.pdf'), await makeLongPdf(PAGES));
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('imports every page under the memory ceiling, and keeps page numbers', async () => {
    const summary = JSON.parse((await cli('index', join(dir, 'long.pdf'), '--json')).stdout) as {
      added: number;
      failed: unknown[];
      peakRssMb: number;
    };
    expect(summary).toMatchObject({ added: 1, failed: [] });
    expect(summary.peakRssMb).toBeGreaterThan(0);
    expect(summary.peakRssMb).toBeLessThan(RSS_CEILING_MB);
    const [doc] = JSON.parse((await cli('docs', 'list', '--json')).stdout) as Array<{ pages: number; chunks: number }>;
    expect(doc?.pages).toBe(PAGES);
    expect(doc?.chunks).toBeGreaterThanOrEqual(PAGES / 2);
    for (const page of [1, 377, PAGES]) {
      const res = JSON.parse((await cli('search', `marker${page}`, '--mode', 'keyword', '--k', '1', '--json')).stdout);
      expect(res.hits[0]?.page).toBe(page);
      expect(res.hits[0]?.text).toContain(`Page ${page} of ${PAGES}`);
    }
  }, 300_000);
});
