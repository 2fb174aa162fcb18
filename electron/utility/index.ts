import type { MessagePortMain } from 'electron';
import { parseArgs } from 'node:util';
import { createEngine, stderrLogger } from '../core';
import type { EngineApi } from '../shared/contract';
import { serve } from '../shared/transport/rpc';
import type { EventSource } from '../shared/transport/rpc';
import { failedEngine } from './failedEngine';
import { portMainChannel } from './portChannel';
import { seedBundledModels } from './seedModels';

// The engine's process: builds the engine from the paths main passes and serves the contract on every port main
// sends (one a window). The engine validates every argument itself.
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'models-dir': { type: 'string' },
    'bundled-models': { type: 'string' },
  },
});
const dataDir = values['data-dir'];
const modelsDir = values['models-dir'];
if (!dataDir || !modelsDir) throw new Error('utility: --data-dir and --models-dir are required');

async function start(): Promise<{ api: EngineApi; events?: EventSource }> {
  try {
    if (values['bundled-models']) await seedBundledModels(values['bundled-models'], modelsDir!);
    // No close() on exit: main kills this process on quit; an import cut short resumes from the engine's journal.
    const engine = await createEngine({
      dataDir: dataDir!,
      modelsDir: modelsDir!,
      logger: stderrLogger,
      watchFolders: true,
    });
    // Main stops this process on quit (SIGTERM, or a 'stop' message where there are no signals): a deliberate stop,
    // so the files being imported are not suspected of a crash at the next start.
    const stop = () => {
      engine.interrupted();
      process.exit(0);
    };
    process.once('SIGTERM', stop);
    process.parentPort.on('message', (event) => {
      if ((event.data as { type?: string } | null)?.type === 'stop') stop();
    });
    return { api: engine, events: engine };
  } catch (err) {
    stderrLogger.error(`engine failed to start: ${(err as Error).message}`);
    return { api: failedEngine(err) };
  }
}

const ready = start();

process.parentPort.on('message', (event) => {
  const [port] = event.ports as MessagePortMain[];
  if ((event.data as { type?: string } | null)?.type !== 'connect' || !port) return;
  // Ports that arrive before the engine is up wait here; their messages queue in the port until start().
  void ready.then(({ api, events }) => {
    const stop = serve(api, portMainChannel(port), events);
    port.on('close', stop);
    port.start();
  });
});
