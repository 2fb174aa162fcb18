import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { startHarness } from './harness';
import type { Harness } from './harness';

export interface AppSession {
  harness: Harness;
  browser: Browser;
  page: Page;
  /** Errors the page threw or logged; a test ends by checking there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The real engine + bridge + vite, and the app open at 1280x800 in headless Chromium. `beforeLoad` runs before the
 * page loads (to add init scripts).
 */
export async function openApp(
  modelSources: string[],
  beforeLoad?: (page: Page, harness: Harness) => Promise<void>,
): Promise<AppSession> {
  const harness = await startHarness({ modelSources, quiet: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await beforeLoad?.(page, harness);
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  await page.goto(harness.url);
  // The footer names the document count once the engine has answered.
  await page.locator('.status', { hasText: /document/ }).waitFor({ timeout: 30_000 });
  return {
    harness,
    browser,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await harness.close();
    },
  };
}
