import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerDialogs } from './dialogs';
import { EngineHost } from './engineHost';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';
import { hardenContents, hardenSession } from './security';
import { createMainWindow } from './window';

// Main is a broker: windows, dialogs and the engine's process. Indexing and search run in the utility process.
const here = fileURLToPath(new URL('.', import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const pageUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
const isAppUrl = (url: string) => url.startsWith(devServerUrl ?? `${APP_ORIGIN}/`);

// Tests (and portable installs) point the app at their own folder; everything the app keeps lives under it.
if (process.env.CLINOTE_USER_DATA) app.setPath('userData', process.env.CLINOTE_USER_DATA);
registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

const userData = app.getPath('userData');
const engine = new EngineHost({
  entry: join(here, 'utility.js'),
  args: [
    '--data-dir',
    join(userData, 'data'),
    '--models-dir',
    join(userData, 'models'),
    // Models shipped in the package (resources/models, asar-unpacked by electron.builder.yml) seed a first run.
    '--bundled-models',
    app.isPackaged
      ? join(process.resourcesPath, 'app.asar.unpacked/resources/models')
      : join(here, '../../resources/models'),
  ],
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
  hardenSession(devServerUrl);
  serveRenderer(join(here, '../renderer'));
  registerDialogs(isAppUrl);
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
