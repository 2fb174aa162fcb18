import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { ENGINE_METHODS } from '../shared/contract';
import { toErrorData } from '../shared/result';
import { createClient } from '../shared/rpc';
import { createPortChannel } from './portChannel';
import type { RendererPort } from './portChannel';

/**
 * Two narrow objects and nothing else: `window.api`, the typed engine client over the MessagePort main hands us,
 * and `window.shell`, the few things only main can do (dialogs, the path of a dropped file, engine restarts).
 */
type EngineState = { state: 'connecting' | 'ready' | 'restarting' | 'failed'; message?: string };

const link = createPortChannel();
const client = createClient(link.channel);
let engineState: EngineState = { state: 'connecting' };
const stateListeners = new Set<(state: EngineState) => void>();

ipcRenderer.on('engine:port', (event) => {
  const [port] = event.ports;
  if (port) link.attach(port as unknown as RendererPort);
});

ipcRenderer.on('engine:state', (_event, state: EngineState) => {
  if (state.state !== 'ready') link.detach(state.message ?? 'The search engine stopped.');
  engineState = state;
  stateListeners.forEach((listener) => listener(state));
});

// contextBridge copies an Error's message only, dropping `kind`; rejecting with the plain error data keeps it
// (renderer/src/lib/platform/electron.ts turns it back into an EngineError).
const api: Record<string, unknown> = {
  on: client.on,
  close: client.close,
};
for (const method of ENGINE_METHODS) {
  const call = client[method] as (...args: unknown[]) => Promise<unknown>;
  api[method] = (...args: unknown[]) =>
    call(...args).catch((err: unknown) => {
      throw toErrorData(err);
    });
}
contextBridge.exposeInMainWorld('api', api);

contextBridge.exposeInMainWorld('shell', {
  openFiles: (): Promise<string[]> => ipcRenderer.invoke('dialog:openFiles'),
  openFolder: (): Promise<string[]> => ipcRenderer.invoke('dialog:openFolder'),
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
  onEngineState(listener: (state: EngineState) => void): () => void {
    stateListeners.add(listener);
    listener(engineState);
    return () => stateListeners.delete(listener);
  },
});
