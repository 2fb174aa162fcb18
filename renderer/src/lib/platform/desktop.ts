import { createClient } from '../../../../electron/shared/transport/rpc';
import type { EngineClient } from '../../../../electron/shared/transport/rpc';
import type { ShellApi } from '../../../../electron/shared/transport/shell';
import type { Channel } from '../../../../electron/shared/transport/wire';
import type { Host } from './types';

/**
 * The desktop app: the preload exposes the wire to the engine (`window.engine`) and the shell (`window.shell`); the
 * client is the same as the harness's, built here on that wire.
 */
export function connectDesktop(engine: Channel, shell: ShellApi): { client: EngineClient; host: Host } {
  const host: Host = {
    kind: 'electron',
    onEngineState: (listener) => shell.onEngineState(listener),
    dialogs: { openFiles: () => shell.openFiles(), openFolder: () => shell.openFolder() },
    models: { folder: () => shell.modelsFolder(), open: () => shell.openModelsFolder() },
    // Folders arrive as File objects too; their path is the folder's and the engine imports it recursively.
    pathsFromDrop: (data) => shell.grantDropped([...data.files]),
  };
  return { client: createClient(engine), host };
}
