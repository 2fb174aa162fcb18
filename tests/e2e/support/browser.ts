import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { REPO } from './harness';

export const CHROMIUM = process.env.CLINOTE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO, 'test-results/screenshots');
export const FIXTURES = join(REPO, 'tests/fixtures/e2e');

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `No Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CLINOTE_CHROMIUM).`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The browser globals the drop uses, typed here because the node tsconfig that checks tests has no DOM lib. */
interface PageGlobals {
  DataTransfer: new () => { items: { add(file: File): unknown } };
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => Event;
  dispatchEvent(event: Event): boolean;
  __drop?: unknown;
}

/**
 * A real drop: File objects built in the page from the fixture bytes, in a DataTransfer, dispatched as
 * dragenter → dragover → drop on the window, as the browser does for a drag from the desktop. `onHover` runs while
 * the drag is over the window (to look at the drop overlay).
 */
export async function dropFiles(page: Page, paths: string[], onHover?: () => Promise<void>): Promise<void> {
  const files = await Promise.all(
    paths.map(async (path) => ({
      name: basename(path),
      type: path.endsWith('.pdf') ? 'application/pdf' : 'text/plain',
      base64: (await readFile(path)).toString('base64'),
    })),
  );
  await page.evaluate((files) => {
    const page = globalThis as unknown as PageGlobals;
    const data = new page.DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], f.name, { type: f.type }));
    }
    page.__drop = data;
    for (const type of ['dragenter', 'dragover']) {
      page.dispatchEvent(new page.DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  }, files);
  await onHover?.();
  await page.evaluate(() => {
    const page = globalThis as unknown as PageGlobals;
    page.dispatchEvent(new page.DragEvent('drop', { dataTransfer: page.__drop, bubbles: true, cancelable: true }));
  });
}
