import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EngineError } from '../../shared/result';
import type { BenchOpts } from '../commands/bench';
import { benchInChild } from './child';
import { drawCurve } from './plot';
import type { BenchReport } from './report';
import type { ScaleFigures } from './scaleBench';
import type { Seeds } from './synthetic';
import { saveSeeds } from './synthetic';

export const DEFAULT_CURVE = [1_000, 10_000, 100_000, 1_000_000];

export interface CurveFigures {
  sizes: ScaleFigures[];
  plot: string;
  data: string;
}

export function curveSizes(value: string | boolean | undefined): number[] {
  if (value === undefined || value === true) return DEFAULT_CURVE;
  const sizes = String(value)
    .split(',')
    .map((s) => Number(s.trim()));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 100)) {
    throw new EngineError('BadInput', `--curve: expected chunk counts like 1000,10000,100000; got "${value}".`);
  }
  return sizes.sort((a, b) => a - b);
}

/**
 * Indexing time, query latency, recall and memory at each size, each size in a fresh process (so one size's memory
 * never inflates the next one's), from the same seed vectors; then the PNG.
 */
export async function benchCurve(
  opts: BenchOpts,
  seeds: Seeds,
  caption: string,
  log: (s: string) => void,
): Promise<CurveFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'clinote-curve-'));
  try {
    const seedsFile = join(dir, 'seeds.bin');
    await saveSeeds(seedsFile, seeds);
    const plot = resolve(opts.plot);
    const data = plot.replace(/\.png$/i, '') + '.json';
    const sizes: ScaleFigures[] = [];
    for (const rows of curveSizes(opts.curve)) {
      log(`cost curve: ${rows} chunks in a fresh process...`);
      const child = await benchInChild<BenchReport>(opts, ['--scale', String(rows), '--seeds-file', seedsFile], log);
      sizes.push(child.scale!);
      // Written after every size: the largest size takes hours on a small machine, and a run stopped there keeps
      // the figures and the plot of the sizes it finished.
      await writeFile(data, JSON.stringify({ caption, sizes }, null, 2) + '\n');
      await drawCurve(sizes, caption, plot);
      log(`cost curve: ${sizes.length} size(s) in ${plot} and ${data}`);
    }
    return { sizes, plot, data };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
