#!/usr/bin/env node
// The `clinote` command. Sources are TypeScript; tsx compiles them on the fly (cached), so the CLI runs from a
// plain checkout after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// LanceDB's Rust side logs deprecation chatter to stderr; a CLI's stderr is for the user.
process.env.LANCEDB_LOG ??= 'error';
// tsx compiles every ES module loaded after it is registered, node_modules included. For pdf.js (its API and the
// worker, 2 MB of source each) that costs ~300 MB of memory against ~55 MB loaded natively, so commands that may
// open PDFs load both first; the engine's own import() then gets these instances from the module cache.
if (process.argv.slice(2).some((a) => a === 'index' || a === 'bench')) {
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
}
register();
// `clinote search ... | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('./main.ts');
const code = await main(process.argv);
// Exit once output is flushed: after a failure part of the engine (a worker, the store) may still hold the event
// loop open, and a command must never hang after it has said it is done.
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
