/**
 * `npm run harness`: the app in a browser against the real engine. Options: --dir <folder> (default
 * test-results/harness-data, kept between runs), --bridge <port> (default 7517), --port <web port> (default 5173).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stderrLogger } from '../../electron/core';
import { REPO, startHarness } from './support/harness';
import { MISSING_MODEL_MESSAGE, testModelSource } from './support/model';

// The renderer's default too (renderer/src/lib/platform/bridge.ts), so the page works without ?bridge=.
const DEFAULT_BRIDGE_PORT = 7517;

const { values } = parseArgs({
  options: { dir: { type: 'string' }, bridge: { type: 'string' }, port: { type: 'string' } },
});

const modelSource = testModelSource();
if (!modelSource)
  console.warn(`${MISSING_MODEL_MESSAGE}\nStarting without a model: the app will say how to install one.`);

const harness = await startHarness({
  dir: values.dir ?? join(REPO, 'test-results/harness-data'),
  // The int8 build, when present, is installed too, so switching models can be tried.
  modelSources: [modelSource, testModelSource('all-minilm-l6-v2-int8')].filter((m): m is string => !!m),
  bridgePort: Number(values.bridge ?? DEFAULT_BRIDGE_PORT),
  webPort: Number(values.port ?? 5173),
  logger: stderrLogger,
});
console.log(`\nClinote harness ready: ${harness.url}\nData: ${harness.dir}\nPress Ctrl+C to stop.`);

const stop = async () => {
  await harness.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
