import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  MessageChannelMain,
  protocol,
  session,
  shell,
  utilityProcess,
} from 'electron';
import type { WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineHost } from './engineHost';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';
import { appUrlMatcher, hardenContents, hardenSession } from './security';
import { registerShellIpc } from './shellIpc';
import { createMainWindow } from './window';

// Main is a broker: windows, dialogs and the engine's process. Indexing and search run in the utility process.
// This file is the only one that hands Electron's modules to the others.
const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const pageUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
const isAppUrl = appUrlMatcher(devServerUrl);

// Tests (and portable installs) point the app at their own folder; everything the app keeps lives under it.
if (process.env.CLINOTE_USER_DATA) app.setPath('userData', process.env.CLINOTE_USER_DATA);
registerAppScheme(protocol);
if (!app.requestSingleInstanceLock()) app.quit();

const userData = app.getPath('userData');
const modelsDir = join(userData, 'models');
const utilityArgs = [
  '--data-dir',
  join(userData, 'data'),
  '--models-dir',
  modelsDir,
  // Models shipped in the package (resources/models, asar-unpacked by electron.builder.yml) seed a first run.
  '--bundled-models',
  app.isPackaged
    ? join(process.resourcesPath, 'app.asar.unpacked/resources/models')
    : join(here, '../../resources/models'),
];
const engine = new EngineHost({
  fork: () =>
    utilityProcess.fork(join(here, 'utility.js'), utilityArgs, {
      serviceName: 'Clinote engine',
      stdio: 'inherit',
      // The engine switches onnxruntime's telemetry off itself (core/embed/ortEnv.ts); the process also starts with
      // it off, so no import order inside the bundle can let the runtime see it unset.
      env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' },
    }),
  createPorts: () => new MessageChannelMain(),
});

function openWindow(): void {
  const win = createMainWindow(join(here, '../preload/index.cjs'), pageUrl);
  engine.attach(win.webContents);
}

app.on('web-contents-created', (_event, contents) => hardenContents(contents, isAppUrl));

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows();
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

void app.whenReady().then(() => {
  hardenSession(session.defaultSession, devServerUrl);
  serveRenderer(protocol, join(here, '../renderer'));
  registerShellIpc({
    ipc: ipcMain,
    showOpenDialog: (sender, options) => {
      const win = BrowserWindow.fromWebContents(sender as WebContents);
      return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
    },
    openPath: (path) => shell.openPath(path),
    modelsDir,
    isAppUrl,
  });
  engine.start();
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => engine.stop());
