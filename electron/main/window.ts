import { BrowserWindow } from 'electron';
import { mainWindowOptions } from './windowOptions';

export function createMainWindow(preload: string, url: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preload));
  // Shown when painted, so the window never flashes white.
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}
