import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron } from 'playwright-core';
import type { ElectronApplication, Page } from 'playwright-core';
import { build } from 'electron-vite';
import { importModel } from '../../electron/core/embed/models';
import { FIXTURES, screenshot } from './support/browser';
import { BUILT_MAIN, ELECTRON_MISSING, electronBinary } from './support/electronApp';
import { REPO } from './support/harness';
import { MISSING_MODEL_MESSAGE, testModelSource } from './support/model';

const binary = electronBinary();
const modelSource = testModelSource();
const skipWhy = !binary ? ELECTRON_MISSING : !modelSource ? MISSING_MODEL_MESSAGE : null;
if (skipWhy) console.warn(`[skip] ${skipWhy}`);

describe.skipIf(skipWhy)('the desktop app (Electron)', () => {
  let userData: string;
  let electronApp: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    // Always the current sources: the spec drives what `npm run build` produces.
    await build({ configFile: join(REPO, 'electron.vite.config.ts') });
    userData = await mkdtemp(join(tmpdir(), 'clinote-electron-'));
    await importModel(modelSource!, join(userData, 'models'));
    electronApp = await _electron.launch({
      executablePath: binary!,
      args: [BUILT_MAIN],
      env: { ...process.env, CLINOTE_USER_DATA: userData },
    });
    page = await electronApp.firstWindow();
    await page.locator('.status', { hasText: /document/ }).waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await electronApp?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
  });

  it('opens a 1280x800 window with an isolated, sandboxed page', async () => {
    const bounds = await electronApp.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
    expect([bounds.width, bounds.height]).toEqual([1280, 800]);
    const globals = await page.evaluate(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      return { engine: typeof w.engine, shell: typeof w.shell, require: typeof w.require, process: typeof w.process };
    });
    expect(globals).toEqual({ engine: 'object', shell: 'object', require: 'undefined', process: 'undefined' });
  });

  it('denies navigation and new windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      const w = globalThis as unknown as { open(url: string): unknown; location: { href: string } };
      w.open('https://example.org');
      w.location.href = 'https://example.org';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
    expect(electronApp.windows()).toHaveLength(1);
  });

  it('imports files chosen in the dialog and finds a passage in a PDF', async () => {
    const files = [join(FIXTURES, 'fda_ibuprofen_label_2024.pdf'), join(FIXTURES, 'pleural-biopsy-mts0551.txt')];
    // The native dialog can't be clicked by a test; main's dialog module answers for it instead.
    await electronApp.evaluate(({ dialog }, filePaths) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths })) as typeof dialog.showOpenDialog;
    }, files);
    await page.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => page.locator('.job').innerText(), { timeout: 120_000 }).toContain('Import finished');
    await page.keyboard.press('/');
    await page.keyboard.type('vomit blood or black stools');
    await expect.poll(() => page.locator('.summary').innerText(), { timeout: 20_000 }).toContain('vomit blood');
    await page.locator('#search-box').press('Enter');
    await expect.poll(() => page.locator('mark.pdf-hit').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await screenshot(page, 'electron-pdf');
  });

  it('restarts the engine when its process dies, and says so', async () => {
    const killed = await electronApp.evaluate(({ app }) => {
      const engine = app.getAppMetrics().find((m) => m.type === 'Utility' && m.serviceName === 'Clinote engine');
      if (engine) process.kill(engine.pid, 'SIGKILL');
      return Boolean(engine);
    });
    expect(killed).toBe(true);
    await expect.poll(() => page.locator('.engine').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('.engine').innerText()).toContain('restarting');
    await expect.poll(() => page.locator('.engine').count(), { timeout: 30_000 }).toBe(0);
    await page.locator('#search-box').fill('shortness of breath');
    await expect.poll(() => page.locator('.hit').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });
});
