import { BrowserWindow } from 'electron';

export function createMainWindow(preload: string, url: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Clinote',
    backgroundColor: '#f4f6f8',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  // Shown when painted, so the window never flashes white.
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}
