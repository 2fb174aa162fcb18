#!/usr/bin/env node
// The `clinote` command. It runs the build in out/main (made by `npm run build`, which set-up runs), so no
// TypeScript is compiled when it starts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// LanceDB's Rust side logs deprecation chatter to stderr; a CLI's stderr is for the user.
process.env.LANCEDB_LOG ??= 'error';
// onnxruntime's usage telemetry: off before any module loads (the engine sets it too, in core/embed/ortEnv.ts).
process.env.ORT_DISABLE_TELEMETRY = '1';
// `clinote search ... | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const built = new URL('../../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('clinote: not built yet. Run `npm run build` (or `npm run setup`) in the Clinote folder.\n');
  process.exit(1);
}
const { main } = await import(built.href);
const code = await main(process.argv);
// Exit once output is flushed: after a failure part of the engine (a worker, the store) may still hold the event
// loop open, and a command must never hang after it has said it is done.
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
