import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { SHELL_IPC } from '../shared/transport/shell';
import type { EngineState, ShellApi } from '../shared/transport/shell';
import { createEngineLink } from './engineLink';
import type { EnginePort } from './engineLink';

// Two narrow objects and nothing else: `window.engine`, the wire to the engine over the MessagePort main hands us,
// and `window.shell`, the few things only main can do (dialogs, the path of a dropped file, engine restarts).
const link = createEngineLink();

ipcRenderer.on(SHELL_IPC.enginePort, (event) => {
  const [port] = event.ports;
  if (port) link.usePort(port as unknown as EnginePort);
});
ipcRenderer.on(SHELL_IPC.engineState, (_event, state: EngineState) => link.setState(state));

contextBridge.exposeInMainWorld('engine', link.exposed);

const shell: ShellApi = {
  openFiles: () => ipcRenderer.invoke(SHELL_IPC.openFiles),
  openFolder: () => ipcRenderer.invoke(SHELL_IPC.openFolder),
  grantDropped: (files) =>
    ipcRenderer.invoke(
      SHELL_IPC.grantDropped,
      files.map((file) => webUtils.getPathForFile(file)),
    ),
  onEngineState: (listener) => link.onState(listener),
  modelsFolder: () => ipcRenderer.invoke(SHELL_IPC.modelsFolder),
  openModelsFolder: () => ipcRenderer.invoke(SHELL_IPC.openModelsFolder),
};
contextBridge.exposeInMainWorld('shell', shell);
