import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core/embed/models';
import { CLI, describeWithModel, FIXTURES, testModelDir } from './support';

const run = promisify(execFile);

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describeWithModel('clinote bench --curve: the cost curve, measured and drawn', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-curve-'));
    await importModel(testModelDir()!, join(dir, 'models'), { id: 'all-minilm-l6-v2' });
  });

  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('measures each size in its own process and draws the figures as a PNG beside their JSON', async () => {
    const plot = join(dir, 'curve.png');
    const args = ['--models', join(dir, 'models'), 'bench', '--notes', join(FIXTURES, 'mtsamples-sample.jsonl.gz')];
    const opts = ['--curve', '300,1000', '--seeds', '40', '--queries', '12', '--plot', plot, '--json'];
    const { stdout } = await run('node', [CLI, ...args, ...opts], {
      env: { ...process.env, LANCEDB_LOG: 'error' },
      maxBuffer: 1 << 24,
    });
    const report = JSON.parse(stdout) as { curve: { plot: string; data: string } };
    expect(report.curve.plot).toBe(plot);
    expect(pngSize(await readFile(plot))).toEqual({ width: 1640, height: 1080 });
    const data = JSON.parse(await readFile(report.curve.data, 'utf8')) as {
      caption: string;
      sizes: Array<{ chunks: number; local: { recallAt10: number; latency: Array<{ mode: string; p50Ms: number }> } }>;
    };
    expect(data.caption).toMatch(/all-minilm-l6-v2, 2 threads/);
    expect(data.sizes.map((s) => s.chunks)).toEqual([300, 1000]);
    for (const s of data.sizes) {
      // Below the ANN threshold vector search is an exact scan: it must agree with exact search.
      expect(s.local.recallAt10).toBe(1);
      expect(s.local.latency.map((l) => l.mode)).toEqual(['vector', 'hybrid']);
      for (const l of s.local.latency) expect(l.p50Ms).toBeGreaterThan(0);
    }
  }, 600_000);

  it('refuses sizes it cannot build, naming the option', async () => {
    const args = ['bench', '--notes', join(FIXTURES, 'mtsamples-sample.jsonl.gz'), '--curve', '1000,ten'];
    const err = (await run('node', [CLI, '--models', join(dir, 'models'), ...args]).catch((e: unknown) => e)) as {
      stderr: string;
    };
    expect(err.stderr).toMatch(/--curve: expected chunk counts like 1000,10000,100000; got "1000,ten"/);
  }, 60_000);
});
