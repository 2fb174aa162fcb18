import type { MenuItemConstructorOptions } from 'electron';

/** Menu roles that open the developer tools or reload the page: never reachable in a packaged build. */
export const DEVELOPER_ROLES = ['toggleDevTools', 'reload', 'forceReload'] as const;

/**
 * The application menu. In development Electron's default menu stays (undefined: leave it), with its developer tools
 * and reload. A packaged build has no menu on Windows and Linux, so no keyboard shortcut opens the developer tools or
 * reloads the page; on macOS, where the menu bar always shows and carries copy and paste, it has the app, edit and
 * window menus only.
 */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  packaged: boolean,
): MenuItemConstructorOptions[] | null | undefined {
  if (!packaged) return undefined;
  if (platform !== 'darwin') return null;
  return [
    {
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
}
