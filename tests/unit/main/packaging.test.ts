import { FuseV1Options } from '@electron/fuses';
import { PlatformPackager } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import type { MenuItemConstructorOptions } from 'electron';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, DEVELOPER_ROLES } from '../../../electron/main/menu';
import { mainWindowOptions } from '../../../electron/main/windowOptions';

const REPO = resolve(import.meta.dirname, '../../..');

/** Every role in a menu template, submenus included. */
function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((i) => [
    ...(i.role ? [i.role] : []),
    ...(Array.isArray(i.submenu) ? roles(i.submenu as MenuItemConstructorOptions[]) : []),
  ]);
}

describe('the packaged build’s Electron fuses (electron.builder.yml, read as electron-builder reads it)', () => {
  it('is a valid electron-builder configuration that turns off Node entry points and checks the asar', async () => {
    const config = await getConfig(REPO, 'electron.builder.yml', null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('maps onto the fuse wire @electron/fuses writes into the binary', async () => {
    const config = await getConfig(REPO, 'electron.builder.yml', null);
    // The step electron-builder runs before signing, on the configuration above.
    const packager = PlatformPackager.prototype as unknown as {
      generateFuseConfig(fuses: unknown): Promise<Record<number, boolean>>;
    };
    const wire = await packager.generateFuseConfig(config.electronFuses);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });
});

describe('developer tools', () => {
  it('are off in a packaged window and on in development', () => {
    expect(mainWindowOptions('/app/preload.cjs', true).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/app/preload.cjs').webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/app/preload.cjs', false).webPreferences?.devTools).toBe(true);
  });

  it.each(['linux', 'win32'] as const)('have no menu, hence no shortcut, in a packaged build on %s', (platform) => {
    expect(appMenuTemplate(platform, true)).toBeNull();
  });

  it('leave a packaged macOS menu with copy and paste but no developer tools or reload', () => {
    const menu = appMenuTemplate('darwin', true)!;
    expect(roles(menu)).toEqual(expect.arrayContaining(['editMenu', 'quit']));
    for (const role of DEVELOPER_ROLES) expect(roles(menu)).not.toContain(role);
    expect(roles(menu)).not.toContain('viewMenu');
  });

  it('keep Electron’s default menu in development', () => {
    expect(appMenuTemplate('linux', false)).toBeUndefined();
    expect(appMenuTemplate('darwin', false)).toBeUndefined();
  });
});
