import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPdfJsStray } from '../../../electron/core/ingest/pdfRejections';

const REPO = join(import.meta.dirname, '../../..');

describe('stray pdf.js rejections', () => {
  // Found by tests/fuzz/formats.fuzz.test.ts: loading this damaged file leaves a pdf.js promise rejected with no
  // handler, which ended the whole process (the CLI, or the app's engine) under Node's default.
  it('a damaged PDF is refused and the process lives on', () => {
    const script = `
      const { readFileSync } = await import('node:fs');
      const { extractPdf } = await import('./electron/core/ingest/pdf.ts');
      const bytes = new Uint8Array(readFileSync('tests/fixtures/fuzz/unhandled_rejection.pdf'));
      try {
        for (const doc of await extractPdf('scan.pdf', bytes, {})) for await (const page of doc.pages) void page;
        console.log('read');
      } catch (err) { console.log('refused: ' + err.message); }
      await new Promise((r) => setTimeout(r, 300));
      console.log('alive');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).not.toContain('ERR_UNHANDLED_REJECTION');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^refused: scan\.pdf: .*\nalive\n$/);
    // A fresh Node process compiling TypeScript: seconds on a busy machine, as long as the spawn's own limit.
  }, 60_000);

  it('only errors raised inside pdf.js count as its strays', () => {
    const ours = new Error('engine bug');
    const theirs = new Error('Bad (uncompressed) XRef entry: 7R');
    theirs.stack = `XRefEntryException: ${theirs.message}\n    at x (/app/node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs:6289:29)`;
    expect(isPdfJsStray(theirs)).toBe(true);
    expect(isPdfJsStray(ours)).toBe(false);
    expect(isPdfJsStray('a string')).toBe(false);
  });
});
