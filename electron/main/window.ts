import { BrowserWindow } from 'electron';
import { mainWindowOptions } from './windowOptions';

export function createMainWindow(preload: string, url: string, packaged: boolean): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preload, packaged));
  // Shown when painted, so the window never flashes white.
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}
