import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, screenshot } from './support/browser';
import { standInPreload } from './support/desktopShell';
import { openApp } from './support/session';
import type { AppSession } from './support/session';

const skipWhy = chromiumMissing();

// The renderer's desktop path (window.engine + window.shell) in Chromium against the real engine, with no model
// installed: what a person of the packaged app reads must name no command they don't have.
describe.skipIf(skipWhy)('the desktop renderer with no model installed', () => {
  let app: AppSession;
  let modelsFolder: string;

  beforeAll(async () => {
    app = await openApp([], async (page, harness) => {
      modelsFolder = join(harness.dir, 'models');
      await standInPreload(page, harness.bridge.port, modelsFolder);
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const shellCalls = () => app.page.evaluate(() => (globalThis as unknown as { __shellCalls: string[] }).__shellCalls);

  it('says how to add a model in the app, shows the models folder and opens it', async () => {
    const { page } = app;
    const empty = page.locator('.results .empty');
    await expect.poll(() => empty.innerText(), { timeout: 20_000 }).toContain('Install a search model first');
    await expect.poll(() => empty.locator('.models-folder code').innerText()).toBe(modelsFolder);
    expect(await empty.innerText()).toContain('manifest.json');
    expect(await page.locator('body').innerText()).not.toMatch(/clinote model|npx/);
    await screenshot(page, '14-desktop-no-model');
    await empty.getByRole('button', { name: 'Open models folder' }).click();
    await expect.poll(shellCalls).toContain('openModelsFolder');
  });

  it('explains a search that needs a model without the engine’s CLI advice', async () => {
    const { page } = app;
    await page.keyboard.press('/');
    await page.keyboard.type('chest pain');
    const alert = page.locator('.results [role="alert"]');
    await expect.poll(() => alert.getAttribute('data-kind'), { timeout: 20_000 }).toBe('ModelMissing');
    expect(await alert.innerText()).toContain('Settings → Search model');
    expect(await page.locator('.results').innerText()).not.toMatch(/clinote |npx/);
    await screenshot(page, '15-desktop-model-missing-search');
  });

  it('shows the models folder in Settings too', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const card = page.locator('section[aria-labelledby="models-title"]');
    await expect.poll(() => card.locator('.models-folder code').innerText()).toBe(modelsFolder);
    expect(await card.innerText()).not.toMatch(/clinote |npx/);
    await screenshot(page, '16-desktop-settings-no-model');
    expect(app.pageErrors).toEqual([]);
  });
});
