import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe } from 'vitest';
import { createEngine } from '../../electron/core/engine';
import type { Engine } from '../../electron/core/engine';
import { importModel } from '../../electron/core/embed/models';

export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(REPO, 'tests/fixtures');
export const SHARED = resolve(REPO, '../shared/data');
/** The `clinote` command as a user runs it. */
export const CLI = join(REPO, 'electron/cli/clinote.mjs');

/**
 * Where set-up puts the real test models, outside the repo (weights are never committed): build_test_models.py and
 * build_shape_models.py write to the test-model cache, fetch-maven-models.sh the bge-small graphs to the Maven cache.
 */
export function testModelDir(name = 'all-minilm-l6-v2'): string | undefined {
  const caches = [
    process.env.CLINOTE_MODEL_CACHE ?? join(homedir(), '.cache/clinote/test-models'),
    process.env.CLINOTE_MAVEN_CACHE ?? join(homedir(), '.cache/clinote/maven-models'),
  ];
  return caches.map((c) => join(c, name)).find((dir) => existsSync(join(dir, 'model.onnx')));
}

/**
 * describe() when the real test model is built, else a skip that says how to build it. In CI a missing model is a
 * failure, not a skip: .ci/run builds it.
 */
export function describeWithModel(name: string, fn: () => void, model = 'all-minilm-l6-v2'): void {
  if (testModelDir(model)) {
    describe(name, fn);
    return;
  }
  const how = model.startsWith('bge-') ? 'npm run setup:model (fetches it with Maven)' : 'npm run setup:model';
  if (process.env.CI) throw new Error(`Test model ${model} missing in CI; .ci/run must install it (${how}).`);
  console.warn(`[skip] ${name}: test model "${model}" not installed. Run: ${how}`);
  describe.skip(name, fn);
}

/** The same for tests that need ../shared (full data sets): present in CI, absent from a user's clone. */
export function describeWithShared(name: string, fn: () => void): void {
  if (existsSync(SHARED)) {
    describe(name, fn);
    return;
  }
  console.warn(`[skip] ${name}: ../shared/data is not beside this clone (only CI and developers have it).`);
  describe.skip(name, fn);
}

export interface TestEnv {
  dir: string;
  dataDir: string;
  modelsDir: string;
  engine: Engine;
  cleanup: () => Promise<void>;
}

/** A real engine on a temp data folder, with the real test model imported into its own models folder. */
export async function makeEngine(model = 'all-minilm-l6-v2'): Promise<TestEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'clinote-test-'));
  const dataDir = join(dir, 'data');
  const modelsDir = join(dir, 'models');
  await importModel(testModelDir(model)!, modelsDir, { id: model });
  const engine = await createEngine({ dataDir, modelsDir, threads: 2 });
  return {
    dir,
    dataDir,
    modelsDir,
    engine,
    cleanup: async () => {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The Python reference pipeline's interpreter: the project venv made by set-up, else python3. */
export function pythonBin(): string {
  if (process.env.CLINOTE_PYTHON) return process.env.CLINOTE_PYTHON;
  const venv = join(REPO, '.venv/bin/python');
  return existsSync(venv) ? venv : 'python3';
}

export function runReference(args: string[], input: string): string {
  return execFileSync(pythonBin(), [join(REPO, 'tests/tools/reference.py'), ...args], {
    input,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
    env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
  });
}

/**
 * About `mb` megabytes of real note text (the MTSamples fixture, repeated): seconds to read and chunk, so a kill or a
 * time budget lands while it is in progress; nothing adversarial about it.
 */
export async function longNote(mb: number): Promise<string> {
  const notes = gunzipSync(await readFile(join(FIXTURES, 'mtsamples-sample.jsonl.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { transcription: string }).transcription)
    .join('\n');
  return notes.repeat(Math.ceil((mb * 1e6) / notes.length)).slice(0, mb * 1e6);
}
