import { ENGINE_METHODS } from '../../../../electron/shared/contract';
import { isErrorData, fromErrorData, toErrorData } from '../../../../electron/shared/result';
import type { EngineClient } from '../../../../electron/shared/rpc';
import type { Host, ShellApi } from './types';

/**
 * The preload's client rejects with plain error data, because Electron's contextBridge drops every custom property
 * of an Error (the `kind` among them). Rebuilding EngineErrors here gives the UI the same client as the harness.
 */
export function clientFromPreload(api: EngineClient): EngineClient {
  const client: Record<string, unknown> = {
    on: api.on.bind(api),
    close: api.close.bind(api),
  };
  for (const method of ENGINE_METHODS) {
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    client[method] = (...args: unknown[]) =>
      call(...args).catch((err: unknown) => {
        throw fromErrorData(isErrorData(err) ? err : toErrorData(err));
      });
  }
  return client as unknown as EngineClient;
}

export function electronHost(shell: ShellApi): Host {
  return {
    kind: 'electron',
    onEngineState: (listener) => shell.onEngineState(listener),
    dialogs: { openFiles: () => shell.openFiles(), openFolder: () => shell.openFolder() },
    // Folders arrive as File objects too; their path is the folder's and the engine imports it recursively.
    pathsFromDrop: async (data) =>
      [...data.files].map((file) => shell.pathForFile(file)).filter((path) => path.length > 0),
  };
}
