#!/usr/bin/env node
// The `clinote` command. Sources are TypeScript; tsx compiles them on the fly (cached), so the CLI runs from a
// plain checkout after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// LanceDB's Rust side logs deprecation chatter to stderr; a CLI's stderr is for the user.
process.env.LANCEDB_LOG ??= 'error';
register();
// `clinote search ... | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
