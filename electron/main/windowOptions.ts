import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The page runs isolated and sandboxed, without Node; everything it may do goes through the preload's two objects.
 * A packaged build has no developer tools at all: neither a shortcut nor a script can open them.
 */
export function mainWindowOptions(preload: string, packaged = true): BrowserWindowConstructorOptions {
  return {
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
      devTools: !packaged,
    },
  };
}
