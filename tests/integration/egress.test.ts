import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importModel } from '../../electron/core';
import { describeAttempt, egressViolations } from './egress/straceLog';
import { hasSandbox, hasStrace, runTraced, SESSION } from './egress/traced';
import { CLI, describeWithModel, FIXTURES, testModelDir } from './support';

// Every kind of document the app takes: a PDF with a scanned (OCR) page, a text PDF, .docx, C-CDA, FHIR and a note.
const FILES = [
  'ingest/mixed_text_and_scan.pdf',
  'ingest/consult_letter.docx',
  'ingest/discharge_summary.cda.xml',
  'ingest/bundle.fhir.json',
  'e2e/heart-cath-mts0765.txt',
  'e2e/fda_ibuprofen_label_2024.pdf',
].map((f) => join(FIXTURES, f));
// onnxruntime 1.30 with telemetry on resolves its collector a few seconds after the first session: the session
// stays up long enough for that to happen.
const HOLD_MS = 15_000;

if (process.env.CI && !hasStrace)
  throw new Error('strace missing in CI; .ci/run must install it (apt-get install strace).');
if (!hasStrace)
  console.warn('[egress] strace not installed: only the in-process guard is checked (apt-get install strace).');
if (process.env.CI && !hasSandbox)
  throw new Error('CI must run the egress self-check: unshare -n -m failed (run as root).');
if (!hasSandbox) console.warn('[egress] no network namespace (needs root and unshare): the self-check is skipped.');

describeWithModel('zero egress: a whole session opens no socket beyond loopback', () => {
  let dir: string;
  let modelsDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clinote-egress-'));
    modelsDir = join(dir, 'models');
    await importModel(testModelDir()!, modelsDir, { id: 'all-minilm-l6-v2' });
    console.log(`[egress] strace: ${hasStrace ? 'yes' : 'no'}; network namespace: ${hasSandbox ? 'yes' : 'no'}`);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const session = (name: string, env: Record<string, string> = {}) =>
    runTraced(dir, [SESSION, join(dir, name), modelsDir, String(HOLD_MS), ...FILES], env);

  it('imports, searches and opens documents with no attempt to reach the network', async () => {
    const run = await session('data-off');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(out).toMatchObject({ failed: [], types: ['cda', 'docx', 'fhir', 'note', 'pdf'] });
    expect(out.ocrPages).toBeGreaterThan(0);
    expect(out.opened).toBeGreaterThan(0);
    // The engine set the switch itself: the child's environment did not carry it.
    expect(out.telemetryVar).toBe('1');
    // The guard ran in the main thread and in the worker threads (embedding, OCR), and refused nothing.
    expect(run.guard.filter((g) => g.kind === 'guard-loaded' && g.main === false).length).toBeGreaterThan(0);
    expect(run.guard.filter((g) => g.kind === 'blocked')).toEqual([]);
    if (hasStrace) {
      expect(run.strace).toMatch(/execve\(/);
      const bad = egressViolations(run.attempts).map(describeAttempt);
      console.log(`[egress] traced network calls: ${run.attempts.length}; leaving the machine: ${bad.length}`);
      expect(bad).toEqual([]);
    }
  });

  it('the clinote command (the built bundle) indexes and searches with no attempt to reach the network', async () => {
    const common = ['--db', join(dir, 'cli-data'), '--models', modelsDir];
    const index = await runTraced(dir, [CLI, ...common, 'index', ...FILES]);
    expect(index.code, index.stderr).toBe(0);
    const search = await runTraced(dir, [CLI, ...common, 'search', 'ibuprofen dosing', '--json']);
    expect(search.code, search.stderr).toBe(0);
    expect(JSON.parse(search.stdout).hits.length).toBeGreaterThan(0);
    for (const run of [index, search]) {
      expect(run.guard.filter((g) => g.kind === 'blocked')).toEqual([]);
      if (hasStrace) expect(egressViolations(run.attempts).map(describeAttempt)).toEqual([]);
    }
  });

  // Only inside the network namespace: with telemetry on, the runtime would reach Microsoft from a machine with a
  // connection.
  const selfCheck = 'self-check: with the runtime telemetry left on, the trace catches its lookup';
  it.runIf(hasStrace && hasSandbox)(selfCheck, async () => {
    const run = await session('data-on', { CLINOTE_TEST_ORT_TELEMETRY_ON: '1' });
    expect(run.code, run.stderr).toBe(0);
    const bad = egressViolations(run.attempts);
    console.log(`[egress] self-check, telemetry on: ${bad.map(describeAttempt).join('; ')}`);
    expect(bad.some((a) => a.dnsName === 'mobile.events.data.microsoft.com')).toBe(true);
  });

  it('self-check: the in-process guard refuses and records every Node way out, in workers too', async () => {
    const probe = join(import.meta.dirname, 'egress/probe.mjs');
    const run = await runTraced(dir, [probe]);
    expect(run.code, run.stderr).toBe(0);
    const blocked = run.guard.filter((g) => g.kind === 'blocked');
    const apis = new Set(blocked.map((g) => `${g.threadId === 0 ? 'main' : 'worker'}:${g.api}`));
    expect([...apis].sort()).toEqual(
      ['connect', 'fetch', 'lookup', 'request', 'resolve4', 'send'].flatMap((a) => [`main:${a}`, `worker:${a}`]).sort(),
    );
    expect(JSON.parse(run.stdout)).toEqual({ loopback: 'ok' });
  });
});
