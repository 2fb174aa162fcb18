import type { MessagePortMain } from 'electron';
import { parseArgs } from 'node:util';
import { createEngine, grantedImportsOnly, PathGrants, stderrLogger } from '../core';
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
const grants = new PathGrants();

process.parentPort.on('message', (event) => {
  const message = event.data as { type?: string; paths?: unknown } | null;
  if (message?.type === 'grant' && Array.isArray(message.paths)) {
    grants.add(message.paths.filter((p): p is string => typeof p === 'string'));
    return;
  }
  const [port] = event.ports as MessagePortMain[];
  if (message?.type !== 'connect' || !port) return;
  // Ports that arrive before the engine is up wait here; their messages queue in the port until start().
  void ready.then(({ api, events }) => {
    // Every window is a page: it imports only what the person chose (the CLI and the engine's own resumes are not).
    const stop = serve(grantedImportsOnly(api, grants), portMainChannel(port), events);
    port.on('close', stop);
    port.start();
  });
});
